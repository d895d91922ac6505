package dev.openevolve.internal.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.spi.OpenEvolveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceTreeContextProviderTest {
    private static final String JAVA = """
            package demo;

            import java.util.List;

            /** Calculator. */
            public final class Calc {
                // public int commented(int x) {
                /*
                 * public int alsoCommented() {
                 */
                public static final Calc INSTANCE = new Calc();
                private int hidden() { return 1; }

                public int add(int a, int b) {
                    return a + b;
                }

                public static <T> List<T> many(T one,
                                               T two) {
                    return List.of(one, two);
                }

                public record Pair(int left, int right) {
                }

                enum Mode { FAST, SLOW }
            }
            """;
    private static final String PYTHON = """
            \"\"\"Tool.\"\"\"
            import os

            CONSTANT = 3

            class Runner:
                \"\"\"Runs.\"\"\"

                def __init__(self, n):
                    self.n = n

                def run(self) -> int:
                    def inner():
                        return 1
                    return inner()

            async def main(argv,
                           env):
                pass

            def _helper(x): return x
            """;

    @TempDir
    Path root;
    private final SourceTreeContextProvider provider = new SourceTreeContextProvider();

    @BeforeEach
    void writeTree() throws IOException {
        write("src/main/java/demo/Calc.java", JAVA);
        write("scripts/tool.py", PYTHON);
        write("src/app.js", "export const x = 1;\n");
        write("README.md", "# readme\n");
        write(".hidden/Secret.java", "public class Secret {}\n");
        write("target/Gen.java", "public class Gen {}\n");
        write("build/B.java", "public class B {}\n");
        write("node_modules/lib/x.js", "module.exports = 1;\n");
        write("src/__pycache__/tool.py", "def cached(): pass\n");
    }

    private void write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private String header(String relative) throws IOException {
        return relative + " (" + Files.size(root.resolve(relative)) + " bytes)";
    }

    private String title() throws IOException {
        long total = Files.size(root.resolve("scripts/tool.py")) + Files.size(root.resolve("src/app.js"))
                + Files.size(root.resolve("src/main/java/demo/Calc.java"));
        return "Source tree " + root.getFileName() + ": 3 files, " + total + " bytes";
    }

    @Test
    void listsSourceFilesInPathOrderWithSizesAndDeclarations() throws IOException {
        assertThat(provider.describe(root, 10_000)).isEqualTo(String.join("\n",
                title(),
                header("scripts/tool.py"),
                "  class Runner",
                "    def __init__(self, n)",
                "    def run(self) -> int",
                "  async def main(argv, …)",
                "  def _helper(x)",
                header("src/app.js"),
                header("src/main/java/demo/Calc.java"),
                "  public final class Calc",
                "    public int add(int a, int b)",
                "    public static <T> List<T> many(T one, …)",
                "  public record Pair(int left, int right)",
                "  enum Mode"));
    }

    @Test
    void summaryIsDeterministic() {
        assertThat(provider.describe(root, 10_000)).isEqualTo(provider.describe(root, 10_000));
    }

    @Test
    void whenDeclarationsDoNotFitEveryFileIsStillListed() throws IOException {
        String list = String.join("\n", title(), header("scripts/tool.py"), header("src/app.js"),
                header("src/main/java/demo/Calc.java"));
        assertThat(provider.describe(root, list.length())).isEqualTo(list);

        String withOne = String.join("\n", title(), header("scripts/tool.py"), "  class Runner", header("src/app.js"),
                header("src/main/java/demo/Calc.java"));
        assertThat(provider.describe(root, withOne.length() + 5)).isEqualTo(withOne);
    }

    @Test
    void whenTheListDoesNotFitItIsCutWithANote() throws IOException {
        String cut = String.join("\n", title(), header("scripts/tool.py"), "… 2 more files");
        assertThat(provider.describe(root, cut.length())).isEqualTo(cut);
    }

    @Test
    void neverExceedsTheBudget() {
        int full = provider.describe(root, 10_000).length();
        for (int max = 0; max <= full; max++) {
            assertThat(provider.describe(root, max).length()).as("budget %d", max).isLessThanOrEqualTo(max);
        }
    }

    @Test
    void rejectsAMissingRootNamingIt() {
        Path missing = root.resolve("missing");
        assertThatThrownBy(() -> provider.describe(missing, 100))
                .isInstanceOf(OpenEvolveException.class)
                .hasMessage("Cannot describe source tree " + missing + ": not a directory");
    }

    @Test
    void rejectsANegativeBudget() {
        assertThatThrownBy(() -> provider.describe(root, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxChars must be at least 0 but was '-1'");
    }

    @Test
    void emptyTreeSaysSo(@TempDir Path empty) {
        assertThat(provider.describe(empty, 100))
                .isEqualTo("Source tree " + empty.getFileName() + ": 0 files, 0 bytes");
        assertThat(provider.id()).isEqualTo("source-tree");
    }

    @Test
    void javaScanSkipsCommentsAndFieldInitialisers() {
        assertThat(Declarations.java("""
                /* public class InComment {
                 */
                @Deprecated public interface Api { // trailing comment
                    public String DEFAULT = compute("x");
                    public Api() {}
                }
                """)).isEqualTo(List.of("  public interface Api", "    public Api()"));
    }
}
