package dev.openevolve.codegraph;

import static dev.openevolve.codegraph.Trees.def;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.spi.OpenEvolveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvolveBlocksTest {
    @TempDir
    Path root;

    private static final String JAVA = """
            public class Sorter {
                /** Sorts. */
                public void sort(int[] a) {
                    java.util.Arrays.sort(a);
                }

                void other() {}
            }
            """;

    @Test
    void previewShowsTheMarkersWithoutTouchingTheFileAndApplyWritesThem() throws IOException {
        Trees.write(root, "Sorter.java", JAVA);
        CodeGraph graph = Trees.index(root);

        EvolveBlockInsertion preview = EvolveBlocks.preview(graph, def(graph, "Sorter.sort"));

        assertThat(Files.readString(root.resolve("Sorter.java"))).isEqualTo(JAVA);
        assertThat(preview.diff()).isEqualTo("""
                --- a/Sorter.java
                +++ b/Sorter.java
                @@ -1,8 +1,10 @@
                 public class Sorter {
                     /** Sorts. */
                +    // EVOLVE-BLOCK-START
                     public void sort(int[] a) {
                         java.util.Arrays.sort(a);
                     }
                +    // EVOLVE-BLOCK-END
                \s
                     void other() {}
                 }
                """);
        EvolveBlocks.apply(preview);
        assertThat(Files.readString(root.resolve("Sorter.java"))).isEqualTo(preview.proposed())
                .contains("    // EVOLVE-BLOCK-START\n    public void sort(int[] a) {");
        assertThat(Trees.index(root).evolveBlockDefinitions()).extracting(Definition::qualifiedName)
                .containsExactly("Sorter.sort");
    }

    @Test
    void pythonGetsHashComments() {
        Trees.write(root, "algo.py", "import math\n\n\ndef solve(x):\n    return math.sqrt(x)\n");
        CodeGraph graph = Trees.index(root);
        EvolveBlockInsertion preview = EvolveBlocks.preview(graph, def(graph, "solve"));
        assertThat(preview.proposed()).isEqualTo(
                "import math\n\n\n# EVOLVE-BLOCK-START\ndef solve(x):\n    return math.sqrt(x)\n# EVOLVE-BLOCK-END\n");
    }

    @Test
    void aFileThatAlreadyHasABlockIsRefused() {
        Trees.write(root, "a.py", "# EVOLVE-BLOCK-START\ndef f():\n    pass\n# EVOLVE-BLOCK-END\n");
        CodeGraph graph = Trees.index(root);
        assertThatThrownBy(() -> EvolveBlocks.preview(graph, def(graph, "f")))
                .isInstanceOf(OpenEvolveException.class)
                .hasMessage("Cannot insert an EVOLVE block into " + root.resolve("a.py") + ": it already has one");
    }

    @Test
    void aFileChangedSinceIndexingOrSinceThePreviewIsRefused() throws IOException {
        Trees.write(root, "Sorter.java", JAVA);
        CodeGraph graph = Trees.index(root);
        EvolveBlockInsertion preview = EvolveBlocks.preview(graph, def(graph, "Sorter.sort"));
        Files.writeString(root.resolve("Sorter.java"), JAVA.replace("other", "another"));

        assertThatThrownBy(() -> EvolveBlocks.apply(preview)).isInstanceOf(OpenEvolveException.class)
                .hasMessageContaining("the file changed since the preview");
        assertThat(Files.readString(root.resolve("Sorter.java"))).doesNotContain("EVOLVE");
        assertThatThrownBy(() -> EvolveBlocks.preview(graph, def(graph, "Sorter.sort")))
                .isInstanceOf(OpenEvolveException.class)
                .hasMessageContaining("the file changed since it was indexed");
    }
}
