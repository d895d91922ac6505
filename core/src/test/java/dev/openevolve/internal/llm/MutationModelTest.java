package dev.openevolve.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.internal.diff.DiffResult;
import dev.openevolve.internal.diff.Diffs;
import dev.openevolve.internal.diff.SearchReplace;
import dev.openevolve.spi.Completion;
import dev.openevolve.spi.FinishReason;
import dev.openevolve.spi.Prompt;
import dev.openevolve.spi.TokenUsage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MutationModelTest {

    private static final String JAVA = """
            import java.util.List;
            // a comment with 42 in it
            class Tuning {
                static final int OUTSIDE = 7;
                // EVOLVE-BLOCK-START
                static double rate = 0.5;          // 99 stays
                static int steps = 10;
                static String label = "v2 uses 3 passes";
                static int x2 = steps * 4;
                /* block comment 5 */
                // EVOLVE-BLOCK-END
                static int after = 11;
            }
            """;

    private final MutationModel model = MutationModel.defaults();

    private static Prompt prompt(String code, long seed) {
        return new Prompt("system", "user", code, seed);
    }

    private static String mutate(MutationModel model, String code, long seed) {
        Completion c = model.complete(prompt(code, seed));
        DiffResult result = Diffs.apply(code, Diffs.parse(c.text()));
        assertThat(result.problems()).as("problems of answer %s", c.text()).isEmpty();
        assertThat(result.changed()).as("answer %s", c.text()).isTrue();
        return result.code();
    }

    @Test
    void answersAreFreeAndNamedMutation() {
        Completion c = model.complete(prompt(JAVA, 1));

        assertThat(model.name()).isEqualTo("mutation");
        assertThat(c.model()).isEqualTo("mutation");
        assertThat(c.usage()).isEqualTo(TokenUsage.NONE);
        assertThat(c.costUsd()).isZero();
        assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(c.text()).contains("<<<<<<< SEARCH").contains(">>>>>>> REPLACE");
    }

    @Test
    void withFullRewritesAnswersTheWholeChangedProgramThatTheDiffWouldGive() {
        MutationModel rewriting = model.withFullRewrites();
        for (long seed = 0; seed < 10; seed++) {
            String answer = rewriting.complete(prompt(JAVA, seed)).text();
            assertThat(answer).doesNotContain("<<<<<<< SEARCH");
            String rewritten = Diffs.extractRewrite(answer, "java").orElseThrow();
            assertThat(rewritten).isEqualTo(mutate(model, JAVA, seed)).isNotEqualTo(JAVA);
            assertThat(Diffs.checkRewrite(JAVA, rewritten)).isEmpty();
        }
        assertThat(rewriting.fullRewrites()).isTrue();
        assertThat(model.fullRewrites()).isFalse();
    }

    @Test
    void sameProgramAndSeedGiveTheSameAnswer() {
        for (long seed = 0; seed < 20; seed++) {
            assertThat(model.complete(prompt(JAVA, seed)).text()).isEqualTo(new MutationModel(3, 0.25).complete(prompt(JAVA, seed)).text());
        }
    }

    @Test
    void differentSeedsGiveDifferentAnswers() {
        Set<String> answers = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            answers.add(model.complete(prompt(JAVA, seed)).text());
        }
        assertThat(answers).hasSizeGreaterThan(15);
    }

    @Test
    void changesOnlyLiteralsInsideTheRegionAndNeverCommentsStringsOrIdentifiers() {
        List<String> before = JAVA.lines().toList();
        Set<Integer> changedLines = new HashSet<>();
        for (long seed = 0; seed < 150; seed++) {
            List<String> after = mutate(model, JAVA, seed).lines().toList();
            assertThat(after).hasSameSizeAs(before);
            for (int i = 0; i < before.size(); i++) {
                if (!before.get(i).equals(after.get(i))) {
                    changedLines.add(i + 1);
                }
            }
            assertThat(after.get(5)).endsWith("// 99 stays");
            assertThat(after.get(7)).isEqualTo(before.get(7));
            assertThat(after.get(8)).startsWith("    static int x2 = steps * ");
        }
        assertThat(changedLines).containsExactlyInAnyOrder(6, 7, 9);
    }

    @Test
    void keepsLiteralSyntaxForUnderscoresExponentsSuffixesAndSigns() {
        assertLiteralForms("1_000", "-?[1-9]\\d{0,2}(_\\d{3})*", 20);
        assertLiteralForms("2.5e-3", "-?\\d\\.\\d+e-?\\d+", 40);
        assertLiteralForms("10L", "-?[1-9]\\d*L|0L", 4);
        assertLiteralForms("3.0f", "-?\\d+\\.\\d+f", 40);
        assertLiteralForms("-4", "-?[1-9]\\d*|0", 3);
        assertLiteralForms("-0.75", "-?\\d+\\.\\d+", 40);
        assertLiteralForms("1e3", "-?\\d\\.\\d+e-?\\d+", 40);
    }

    private void assertLiteralForms(String literal, String form, int distinct) {
        String code = "// EVOLVE-BLOCK-START\nvar v = " + literal + ";\n// EVOLVE-BLOCK-END\n";
        Pattern assigned = Pattern.compile("var v = (.+);");
        Set<String> seen = new HashSet<>();
        for (long seed = 0; seed < 60; seed++) {
            Matcher m = assigned.matcher(mutate(model, code, seed));
            assertThat(m.find()).isTrue();
            assertThat(m.group(1)).as("mutation of %s", literal).matches(form);
            seen.add(m.group(1));
        }
        assertThat(seen).as("values drawn for %s", literal).hasSizeGreaterThanOrEqualTo(distinct);
    }

    @Test
    void literalsThatMustNotChangeStayAsTheyAre() {
        String code = "// EVOLVE-BLOCK-START\nint a = 0x1F + 017 + 0b101;\nString s = \"12\" + '3';\nint b = 5;\n"
                + "// EVOLVE-BLOCK-END\n";
        for (long seed = 0; seed < 40; seed++) {
            List<String> lines = mutate(model, code, seed).lines().toList();
            assertThat(lines.get(1)).isEqualTo("int a = 0x1F + 017 + 0b101;");
            assertThat(lines.get(2)).isEqualTo("String s = \"12\" + '3';");
        }
    }

    @Test
    void hashCommentProgramsKeepIntegerDivisionLiteralsAndSkipComments() {
        String code = "import math\n# EVOLVE-BLOCK-START\ndef f(n):\n    # halve 8 times\n    return n // 2\n"
                + "# EVOLVE-BLOCK-END\n";
        Set<String> results = new HashSet<>();
        for (long seed = 0; seed < 30; seed++) {
            List<String> lines = mutate(model, code, seed).lines().toList();
            assertThat(lines.get(3)).isEqualTo("    # halve 8 times");
            results.add(lines.get(4));
        }
        assertThat(results).hasSizeGreaterThanOrEqualTo(2).allMatch(l -> l.matches("    return n // (\\d+|\\(-\\d+\\))"));
    }

    @Test
    void widensTheSearchTextUntilItIsUniqueSoEveryAnswerApplies() {
        String code = """
                total = 0
                # EVOLVE-BLOCK-START
                total += 1
                total += 1
                weight = 2
                total += 1
                # EVOLVE-BLOCK-END
                total += 1
                """;
        for (long seed = 0; seed < 200; seed++) {
            Completion c = model.complete(prompt(code, seed));
            List<SearchReplace> blocks = Diffs.parse(c.text());
            assertThat(blocks).isNotEmpty();
            DiffResult result = Diffs.apply(code, blocks);
            assertThat(result.problems()).isEmpty();
            assertThat(result.code().lines().toList().subList(6, 8)).containsExactly("# EVOLVE-BLOCK-END", "total += 1");
            assertThat(result.code()).startsWith("total = 0\n# EVOLVE-BLOCK-START\n");
        }
    }

    @Test
    void programWithoutMarkersIsMutableEverywhere() {
        String code = "a = 1\nb = 2\n";
        Set<String> results = new HashSet<>();
        for (long seed = 0; seed < 30; seed++) {
            results.add(mutate(model, code, seed));
        }
        assertThat(results).anyMatch(r -> !r.startsWith("a = 1\n")).anyMatch(r -> !r.endsWith("b = 2\n"));
    }

    @Test
    void keepsCrlfProgramsApplicable() {
        String code = "// EVOLVE-BLOCK-START\r\nint a = 3;\r\n// EVOLVE-BLOCK-END\r\n";

        String result = mutate(model, code, 5);

        assertThat(result).startsWith("// EVOLVE-BLOCK-START\r\nint a = ").endsWith(";\r\n// EVOLVE-BLOCK-END\r\n")
                .doesNotContain("int a = 3;");
    }

    @Test
    void explainsWhenThereIsNoLiteralInsideTheRegions() {
        String code = "int LIMIT = 5;\n// EVOLVE-BLOCK-START\nreturn compute(\"7\"); // 8\n// EVOLVE-BLOCK-END\n";

        Completion c = model.complete(prompt(code, 3));

        assertThat(c.text()).isEqualTo("The mutation model found no numeric literal inside its EVOLVE-BLOCK regions "
                + "(line 3) outside comments and strings, so it proposes no change.");
        assertThat(Diffs.parse(c.text())).isEmpty();
    }

    @Test
    void explainsMalformedMarkers() {
        Completion c = model.complete(prompt("// EVOLVE-BLOCK-START\nint a = 1;\n", 3));

        assertThat(c.text()).contains("EVOLVE-BLOCK markers are malformed")
                .contains("EVOLVE-BLOCK-START on line 1 has no EVOLVE-BLOCK-END after it");
        assertThat(Diffs.parse(c.text())).isEmpty();
    }

    @Test
    void changesAtMostMaxChangesLiterals() {
        String code = "# EVOLVE-BLOCK-START\na = 1\nb = 2\nc = 3\nd = 4\ne = 5\n# EVOLVE-BLOCK-END\n";
        MutationModel two = new MutationModel(2, 0.25);
        Set<Long> counts = new HashSet<>();
        for (long seed = 0; seed < 60; seed++) {
            List<String> before = code.lines().toList();
            List<String> after = mutate(two, code, seed).lines().toList();
            long changed = java.util.stream.IntStream.range(0, before.size())
                    .filter(i -> !before.get(i).equals(after.get(i))).count();
            counts.add(changed);
        }
        assertThat(counts).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void rejectsInvalidArguments() {
        assertThatThrownBy(() -> new MutationModel(0, 0.25)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxChanges must be at least 1 but was 0");
        assertThatThrownBy(() -> new MutationModel(3, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scale must be a finite number greater than 0 but was 0.0");
        assertThatThrownBy(() -> new MutationModel(3, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scale must be a finite number greater than 0 but was NaN");
    }
}
