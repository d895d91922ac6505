package dev.openevolve.internal.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiffsApplyTest {

    private static final String PROGRAM = """
            import java.util.List;
            class Rates {
                static final int LIMIT = 10;
                // EVOLVE-BLOCK-START
                static double rate() {
                    double rate = 0.5;
                    return rate * 2;
                }
                // EVOLVE-BLOCK-END
                static int twice(int x) {
                    return x * 2;
                }
                // EVOLVE-BLOCK-START
                static int steps() {
                    return 3;
                }
                // EVOLVE-BLOCK-END
            }
            """;

    @Test
    void appliesAMatchingBlockInsideARegion() {
        DiffResult result = Diffs.apply(PROGRAM, List.of(new SearchReplace("        double rate = 0.5;", "        double rate = 0.8;")));

        assertThat(result.problems()).isEmpty();
        assertThat(result.applied()).isEqualTo(1);
        assertThat(result.changed()).isTrue();
        assertThat(result.code()).isEqualTo(PROGRAM.replace("0.5;", "0.8;"));
    }

    @Test
    void reportsABlockThatDoesNotMatchAndStillAppliesTheOthers() {
        DiffResult result = Diffs.apply(PROGRAM, List.of(
                new SearchReplace("        return 3;", "        return 4;"),
                new SearchReplace("    double rate = 0.25;\n", "    double rate = 0.3;")));

        assertThat(result.applied()).isEqualTo(1);
        assertThat(result.code()).contains("return 4;").contains("double rate = 0.5;");
        assertThat(result.problems()).containsExactly(
                "SEARCH block 2 does not match the program; its first line is: 'double rate = 0.25;'");
    }

    @Test
    void hintsWhenOnlyTheIndentationDiffers() {
        DiffResult result = Diffs.apply(PROGRAM, List.of(new SearchReplace("double rate = 0.5;\nreturn rate * 2;", "x")));

        assertThat(result.problems()).containsExactly("SEARCH block 1 does not match the program; its first line is: "
                + "'double rate = 0.5;' (it matches line 6 when indentation is ignored: copy the indentation exactly)");
    }

    @Test
    void rejectsABlockOutsideTheRegions() {
        DiffResult result = Diffs.apply(PROGRAM, List.of(new SearchReplace("    static final int LIMIT = 10;",
                "    static final int LIMIT = 20;")));

        assertThat(result.changed()).isFalse();
        assertThat(result.code()).isEqualTo(PROGRAM);
        assertThat(result.problems()).containsExactly(
                "SEARCH block 1 changes line 3, outside the EVOLVE-BLOCK regions (lines 5-8, 14-16)");
    }

    @Test
    void picksTheOccurrenceInsideARegionWhenTheTextAlsoOccursOutside() {
        String code = "x = 1\n# EVOLVE-BLOCK-START\nx = 1\n# EVOLVE-BLOCK-END\n";

        DiffResult result = Diffs.apply(code, List.of(new SearchReplace("x = 1", "x = 2")));

        assertThat(result.code()).isEqualTo("x = 1\n# EVOLVE-BLOCK-START\nx = 2\n# EVOLVE-BLOCK-END\n");
    }

    @Test
    void rejectsABlockTouchingAMarker() {
        DiffResult result = Diffs.apply(PROGRAM, List.of(new SearchReplace("        return 3;\n    }\n    // EVOLVE",
                "        return 3;\n    }\n    //")));

        assertThat(result.problems()).containsExactly(
                "SEARCH block 1 touches the EVOLVE-BLOCK-END marker on line 17; markers must stay unchanged");
    }

    @Test
    void rejectsABlockSpanningTwoRegions() {
        DiffResult result = Diffs.apply(PROGRAM, List.of(new SearchReplace(
                "        return rate * 2;\n    }\n    // EVOLVE-BLOCK-END", "        return rate;\n    }")));

        assertThat(result.problems()).containsExactly("SEARCH block 1 contains the EVOLVE-BLOCK-END marker; markers must "
                + "stay unchanged, so change only the lines between them");
    }

    @Test
    void rejectsAReplaceThatAddsAMarker() {
        DiffResult result = Diffs.apply(PROGRAM, List.of(new SearchReplace("        return 3;",
                "        return 3;\n    // EVOLVE-BLOCK-START")));

        assertThat(result.problems()).containsExactly(
                "REPLACE of block 1 contains the EVOLVE-BLOCK-START marker; blocks must not add or remove EVOLVE-BLOCK markers");
    }

    @Test
    void appliesBlocksInSeveralRegionsInOrder() {
        DiffResult result = Diffs.apply(PROGRAM, List.of(
                new SearchReplace("        double rate = 0.5;", "        double rate = 0.6;\n        rate += 0.1;"),
                new SearchReplace("        return 3;", "        return 5;")));

        assertThat(result.problems()).isEmpty();
        assertThat(result.applied()).isEqualTo(2);
        assertThat(result.code()).contains("rate = 0.6;\n        rate += 0.1;\n").contains("return 5;");
    }

    @Test
    void laterBlocksSeeEarlierChangesAndRegionsThatMoved() {
        DiffResult result = Diffs.apply(PROGRAM, List.of(
                new SearchReplace("        double rate = 0.5;", "        double rate = 0.6;\n        rate += 0.1;\n        rate += 0.1;"),
                new SearchReplace("        rate += 0.1;\n        rate += 0.1;", "        rate += 0.2;"),
                new SearchReplace("        return x * 2;", "        return x + x;")));

        assertThat(result.applied()).isEqualTo(2);
        assertThat(result.code()).contains("double rate = 0.6;\n        rate += 0.2;\n        return rate * 2;");
        assertThat(result.problems()).containsExactly(
                "SEARCH block 3 changes line 12, outside the EVOLVE-BLOCK regions (lines 5-9, 15-17)");
    }

    @Test
    void programWithoutMarkersIsEvolvableEverywhere() {
        String code = "LIMIT = 10\ndef f():\n    return LIMIT\n";

        DiffResult result = Diffs.apply(code, List.of(new SearchReplace("LIMIT = 10", "LIMIT = 11")));

        assertThat(result.code()).isEqualTo("LIMIT = 11\ndef f():\n    return LIMIT\n");
    }

    @Test
    void matchesAFragmentOfALineAndLinesWithDifferentTrailingSpace() {
        String code = "# EVOLVE-BLOCK-START\nx = f(1, 2)   \ny = 3\n# EVOLVE-BLOCK-END\n";

        DiffResult result = Diffs.apply(code, List.of(
                new SearchReplace("x = f(1, 2)\ny = 3", "x = f(1, 2)\ny = 4"),
                new SearchReplace("f(1,", "f(7,")));

        assertThat(result.problems()).isEmpty();
        assertThat(result.code()).isEqualTo("# EVOLVE-BLOCK-START\nx = f(7, 2)\ny = 4\n# EVOLVE-BLOCK-END\n");
    }

    @Test
    void emptyReplaceDeletesTheWholeLines() {
        String code = "# EVOLVE-BLOCK-START\na = 1\nb = 2\nc = 3\n# EVOLVE-BLOCK-END\n";

        DiffResult result = Diffs.apply(code, List.of(new SearchReplace("b = 2", "")));

        assertThat(result.code()).isEqualTo("# EVOLVE-BLOCK-START\na = 1\nc = 3\n# EVOLVE-BLOCK-END\n");
    }

    @Test
    void keepsCrlfLineBreaksOfTheProgram() {
        String code = "// EVOLVE-BLOCK-START\r\nint a = 1;\r\nint b = 2;\r\n// EVOLVE-BLOCK-END\r\n";

        DiffResult result = Diffs.apply(code, Diffs.parse("<<<<<<< SEARCH\nint a = 1;\nint b = 2;\n=======\nint a = 5;\nint b = 2;\n>>>>>>> REPLACE\n"));

        assertThat(result.code()).isEqualTo("// EVOLVE-BLOCK-START\r\nint a = 5;\r\nint b = 2;\r\n// EVOLVE-BLOCK-END\r\n");
    }

    @Test
    void reportsABlockThatChangesNothing() {
        DiffResult result = Diffs.apply(PROGRAM, List.of(new SearchReplace("        return 3;", "        return 3;")));

        assertThat(result.changed()).isFalse();
        assertThat(result.problems()).containsExactly("block 1 changes nothing: its REPLACE text equals its SEARCH text");
    }

    @Test
    void programWithMalformedMarkersAcceptsNoBlock() {
        String code = "# EVOLVE-BLOCK-START\nx = 1\n";

        DiffResult result = Diffs.apply(code, List.of(new SearchReplace("x = 1", "x = 2")));

        assertThat(result.code()).isEqualTo(code);
        assertThat(result.problems()).containsExactly("block 1 was not applied: the program's EVOLVE-BLOCK markers are "
                + "malformed: EVOLVE-BLOCK-START on line 1 has no EVOLVE-BLOCK-END after it");
    }
}
