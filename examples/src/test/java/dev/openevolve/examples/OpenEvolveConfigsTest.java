package dev.openevolve.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** OpenEvolve-layout configurations (examples/openevolve_configs) load as written and run offline. */
class OpenEvolveConfigsTest {
    private static final Path EXAMPLE = Path.of("function_minimization");
    private static final Path CONFIGS = Path.of("openevolve_configs");

    @TempDir
    Path dir;

    static Stream<String> configs() throws IOException {
        try (var files = Files.list(CONFIGS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void runsOfflineForFiveIterations(String config) throws IOException {
        Path output = dir.resolve(config);
        var result = CliRunner.run("run", EXAMPLE.resolve("initial_program.py").toString(),
                EXAMPLE.resolve("evaluator.py").toString(), "--config", CONFIGS.resolve(config).toString(),
                "--offline", "--iterations", "5", "--output", output.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("iteration    5/5").contains("Stopped: MAX_ITERATIONS")
                .contains("Best score:").containsPattern("iteration +\\d/5 +island \\d +(scored|not novel)");
        assertThat(output.resolve("best/best_program.py")).exists();
        Path checkpoint = output.resolve("checkpoints/checkpoint_5");
        assertThat(checkpoint.resolve("metadata.json")).content().contains("\"last_iteration\":5");
        try (var programs = Files.list(checkpoint.resolve("programs"))) {
            assertThat(programs.filter(p -> p.toString().endsWith(".json")).count()).isGreaterThan(1);
        }
        switch (config) {
            case "changes_description.yaml" -> {
                try (var files = Files.list(checkpoint.resolve("programs"))) {
                    assertThat(files.filter(f -> !f.endsWith("p0.json")).map(OpenEvolveConfigsTest::read).toList())
                            .as("the offline model's candidates extend the initial changes description")
                            .anySatisfy(json -> assertThat(json).contains(
                                    "A random search over the interval.\\n- changed '"));
                }
            }
            case "novelty_and_score.yaml" -> assertThat(result.out()).contains("rejected as not novel")
                    .contains("Novelty:");
            default -> {
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
