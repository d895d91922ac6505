package dev.openevolve.codegraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.spi.CodebaseContextProvider;
import dev.openevolve.spi.OpenEvolveException;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeSitterContextProviderTest {
    @TempDir
    Path root;

    private final TreeSitterContextProvider provider = new TreeSitterContextProvider();

    @Test
    void isFoundByServiceLoaderUnderItsId() {
        assertThat(ServiceLoader.load(CodebaseContextProvider.class).stream().map(ServiceLoader.Provider::get)
                .map(CodebaseContextProvider::id)).contains("treesitter");
    }

    @Test
    void putsTheEvolveBlockTargetWithItsCallersFirstThenTheOverview() {
        Trees.write(root, Map.of(
                "Thermostat.java", """
                        public class Thermostat {
                            // EVOLVE-BLOCK-START
                            static final double KP = 0.05;
                            // EVOLVE-BLOCK-END

                            public double heaterPower(double target, double measured) {
                                return Math.max(0, KP * (target - measured));
                            }
                        }
                        """,
                "Harness.java", """
                        public class Harness {
                            public static double evaluate() {
                                var t = new Thermostat();
                                return t.heaterPower(20, 18);
                            }
                        }
                        """));

        String text = provider.describe(root, 4000);

        assertThat(text).startsWith("Target: Thermostat [Thermostat.java:1] (type, lines 1-9)\n"
                        + "public class Thermostat {\n    // EVOLVE-BLOCK-START")
                .contains("Called by:\n  Harness.evaluate [Harness.java:2] at Harness.java:3 calls Thermostat\n"
                        + "  Harness.evaluate [Harness.java:2] at Harness.java:4 calls Thermostat.heaterPower")
                .contains("\n\nCode graph of " + root.getFileName() + ": 2 files");
    }

    @Test
    void neverExceedsTheBudget() {
        Trees.write(root, Map.of("a.py", "# EVOLVE-BLOCK-START\ndef f(x):\n    return g(x)\n# EVOLVE-BLOCK-END\n",
                "b.py", "def g(x):\n    return x\n\n\nclass K:\n    def m(self):\n        return f(1)\n"));
        for (int budget = 0; budget < 700; budget += 11) {
            assertThat(provider.describe(root, budget).length()).as("budget %d", budget).isLessThanOrEqualTo(budget);
        }
    }

    @Test
    void withoutEvolveBlocksItGivesTheOverview() {
        Trees.write(root, "lib.go", "package lib\n\nfunc Add(a, b int) int { return a + b }\n");
        assertThat(provider.describe(root, 1000)).isEqualTo("Code graph of " + root.getFileName()
                + ": 1 file, 3 lines {go=1}, 1 definitions, 0 calls (0 resolved)\nlib.go (go, 3 lines)\n"
                + "  func Add(a, b int) int  :3");
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> provider.describe(root, -5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxChars must be at least 0 but was '-5'");
        assertThatThrownBy(() -> provider.describe(root.resolve("nope"), 10)).isInstanceOf(OpenEvolveException.class)
                .hasMessageContaining("nope: not a directory");
    }
}
