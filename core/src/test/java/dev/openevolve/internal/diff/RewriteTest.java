package dev.openevolve.internal.diff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RewriteTest {

    private static final String ORIGINAL = """
            import math
            # EVOLVE-BLOCK-START
            def f(x):
                return x * 2
            # EVOLVE-BLOCK-END
            print(f(3))
            """;

    @Test
    void extractsTheLastFencedBlockOfTheLanguage() {
        String answer = """
                First a sketch:
                ```python
                old()
                ```
                Some shell to run it:
                ```bash
                python main.py
                ```
                Final version:
                ```python
                def f(x):
                    return x * 3
                ```
                Done.
                """;

        assertThat(Diffs.extractRewrite(answer, "python")).contains("def f(x):\n    return x * 3\n");
        assertThat(Diffs.extractRewrite(answer, "py")).contains("def f(x):\n    return x * 3\n");
    }

    @Test
    void fallsBackToAnUntaggedThenAnyFencedBlock() {
        assertThat(Diffs.extractRewrite("```\nint x = 1;\n```\n```text\nnot code\n```", "java")).contains("int x = 1;\n");
        assertThat(Diffs.extractRewrite("Here:\r\n```js\r\nlet x = 1;\r\n```\r\n", "java")).contains("let x = 1;\n");
    }

    @Test
    void takesTheWholeAnswerWhenItIsPlainCode() {
        String answer = "class A {\n    int x = 1;\n}\n";

        assertThat(Diffs.extractRewrite(answer, "java")).contains(answer);
    }

    @Test
    void findsNothingInProseDiffsOrUnterminatedFences() {
        assertThat(Diffs.extractRewrite("I could not improve the program. Sorry about that.", "java")).isEmpty();
        assertThat(Diffs.extractRewrite("<<<<<<< SEARCH\na = 1;\n=======\na = 2;\n>>>>>>> REPLACE\n", "java")).isEmpty();
        assertThat(Diffs.extractRewrite("```java\nclass A {\n  int x;", "java")).isEmpty();
        assertThat(Diffs.extractRewrite("", "java")).isEmpty();
    }

    @Test
    void acceptsARewriteThatChangesOnlyTheRegion() {
        String rewritten = ORIGINAL.replace("return x * 2", "y = x + x\n    return y");

        assertThat(Diffs.checkRewrite(ORIGINAL, rewritten)).isEmpty();
        assertThat(Diffs.checkRewrite(ORIGINAL, rewritten.replace("\n", "\r\n") + "\n\n")).isEmpty();
    }

    @Test
    void reportsChangesBeforeAndAfterTheRegion() {
        String rewritten = ORIGINAL.replace("import math", "import os").replace("print(f(3))", "print(f(4))");

        assertThat(Diffs.checkRewrite(ORIGINAL, rewritten)).containsExactly(
                "the rewrite changes the fixed text before the first EVOLVE-BLOCK region: line 1 of the program was "
                        + "'import math' and is now 'import os'; only lines inside EVOLVE-BLOCK regions may change",
                "the rewrite changes the fixed text after the last EVOLVE-BLOCK region: line 6 of the program was "
                        + "'print(f(3))' and is now 'print(f(4))'; only lines inside EVOLVE-BLOCK regions may change");
    }

    @Test
    void reportsAddedAndRemovedFixedLines() {
        assertThat(Diffs.checkRewrite(ORIGINAL, ORIGINAL + "print('extra')\n")).containsExactly(
                "the rewrite changes the fixed text after the last EVOLVE-BLOCK region: line 7 of the rewrite, "
                        + "'print('extra')', was added; only lines inside EVOLVE-BLOCK regions may change");
        assertThat(Diffs.checkRewrite(ORIGINAL, ORIGINAL.replace("import math\n", ""))).containsExactly(
                "the rewrite changes the fixed text before the first EVOLVE-BLOCK region: line 1 of the program, "
                        + "'import math', was removed; only lines inside EVOLVE-BLOCK regions may change");
    }

    @Test
    void reportsLostOrBrokenMarkers() {
        assertThat(Diffs.checkRewrite(ORIGINAL, "def f(x):\n    return 1\n")).containsExactly(
                "the rewrite has 0 EVOLVE-BLOCK region(s) but the program has 1; keep every marker line as it is");
        assertThat(Diffs.checkRewrite(ORIGINAL, ORIGINAL.replace("# EVOLVE-BLOCK-END\n", ""))).containsExactly(
                "the rewrite's EVOLVE-BLOCK markers are malformed: EVOLVE-BLOCK-START on line 2 has no EVOLVE-BLOCK-END "
                        + "after it; keep every marker line as it is");
    }

    @Test
    void programWithoutMarkersAcceptsAnyRewrite() {
        assertThat(Diffs.checkRewrite("a = 1\n", "b = 2\n")).isEmpty();
    }
}
