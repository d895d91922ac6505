package dev.openevolve.internal.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiffsParseTest {

    @Test
    void readsSeveralBlocksInOrderAmidProseAndFences() {
        String answer = """
                I will tune the rate and the loop.

                ```java
                <<<<<<< SEARCH
                    double rate = 0.5;
                =======
                    double rate = 0.7;
                >>>>>>> REPLACE
                ```

                And then:
                <<<<<<< SEARCH
                for (int i = 0; i < n; i++) {
                    sum += i;
                =======
                for (int i = 1; i < n; i++) {
                    sum += 2 * i;
                >>>>>>> REPLACE
                That is all.
                """;

        List<SearchReplace> blocks = Diffs.parse(answer);

        assertThat(blocks).containsExactly(
                new SearchReplace("    double rate = 0.5;", "    double rate = 0.7;"),
                new SearchReplace("for (int i = 0; i < n; i++) {\n    sum += i;", "for (int i = 1; i < n; i++) {\n    sum += 2 * i;"));
    }

    @Test
    void acceptsCrlfAndMarkerLinesWithTrailingSpaces() {
        String answer = "text\r\n<<<<<<< SEARCH  \r\nx = 1\r\ny = 2\r\n=======\t\r\nx = 3\r\ny = 4\r\n>>>>>>> REPLACE \r\n";

        assertThat(Diffs.parse(answer)).containsExactly(new SearchReplace("x = 1\ny = 2", "x = 3\ny = 4"));
    }

    @Test
    void keepsAnEmptyReplaceAndDropsTrailingBlankLines() {
        String answer = "<<<<<<< SEARCH\nremove_me()\n\n=======\n>>>>>>> REPLACE\n";

        assertThat(Diffs.parse(answer)).containsExactly(new SearchReplace("remove_me()", ""));
    }

    @Test
    void reportsABlockWithoutReplaceMarkerAtTheEnd() {
        String answer = "<<<<<<< SEARCH\na = 1\n=======\na = 2\n>>>>>>> REPLACE\n\n<<<<<<< SEARCH\nb = 1\n=======\nb = 2\n";

        ParsedDiff parsed = DiffParser.parse(answer);

        assertThat(parsed.blocks()).containsExactly(new SearchReplace("a = 1", "a = 2"));
        assertThat(parsed.problems()).containsExactly("the diff block starting on line 7 of the answer was ignored: "
                + "it has no '>>>>>>> REPLACE' line before the answer ends");
    }

    @Test
    void reportsABlockInterruptedByANewSearchMarkerAndKeepsTheNewOne() {
        String answer = "<<<<<<< SEARCH\na = 1\n<<<<<<< SEARCH\nb = 1\n=======\nb = 2\n>>>>>>> REPLACE\n";

        ParsedDiff parsed = DiffParser.parse(answer);

        assertThat(parsed.blocks()).containsExactly(new SearchReplace("b = 1", "b = 2"));
        assertThat(parsed.problems()).containsExactly("the diff block starting on line 1 of the answer was ignored: "
                + "it has no '=======' line; a new block starts on line 3");
    }

    @Test
    void reportsMissingDividerEmptySearchAndStrayReplace() {
        String answer = """
                <<<<<<< SEARCH
                a = 1
                >>>>>>> REPLACE
                <<<<<<< SEARCH

                =======
                b = 2
                >>>>>>> REPLACE
                >>>>>>> REPLACE
                """;

        ParsedDiff parsed = DiffParser.parse(answer);

        assertThat(parsed.blocks()).isEmpty();
        assertThat(parsed.problems()).containsExactly(
                "the diff block starting on line 1 of the answer has no '=======' line between SEARCH and REPLACE; it was ignored",
                "the diff block starting on line 4 of the answer has an empty SEARCH section; it was ignored "
                        + "(copy the lines to change into it)",
                "line 9 of the answer has '>>>>>>> REPLACE' without a block opened by '<<<<<<< SEARCH'; it was ignored");
    }

    @Test
    void ignoresAStrayDividerInProse() {
        String answer = "Heading\n=======\n\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n";

        ParsedDiff parsed = DiffParser.parse(answer);

        assertThat(parsed.blocks()).containsExactly(new SearchReplace("x", "y"));
        assertThat(parsed.problems()).isEmpty();
    }

    @Test
    void answerWithoutBlocksGivesNothing() {
        assertThat(DiffParser.parse("I have no idea.")).isEqualTo(new ParsedDiff(List.of(), List.of()));
    }

    @Test
    void searchReplaceRejectsBlankSearch() {
        assertThatThrownBy(() -> new SearchReplace("  \n", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the SEARCH text of a diff block must not be blank");
    }
}
