package dev.openevolve.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenEvolveCliTest {
    @TempDir
    Path dir;

    @Test
    void quickstartImprovesTheThermostatOffline() throws IOException {
        var result = CliRunner.run("quickstart", "--iterations", "12", "--output", dir.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Initial score:").contains("Best score:");
        var m = Pattern.compile("Improvement: +([-+][0-9.]+)").matcher(result.out());
        assertThat(m.find()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isPositive();
        assertThat(dir.resolve("best/best_program.java")).exists();
        assertThat(Files.readString(dir.resolve("best/best_program_info.json"))).contains("combined_score");
        assertThat(dir.resolve("checkpoints/checkpoint_10/programs.jsonl")).exists();
    }

    @Test
    void runWritesTheBestProgramAndResumesFromACheckpointDirectory() throws IOException {
        Path program = copy("quickstart/Thermostat.java", dir.resolve("Thermostat.java"));
        Path harness = copy("quickstart/ThermostatHarness.java", dir.resolve("ThermostatHarness.java"));
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "checkpoint_interval: 3\nmax_iterations: 6\n");
        Path output = dir.resolve("out");

        var first = CliRunner.run("run", program.toString(), harness.toString(), "--config", config.toString(),
                "--output", output.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(output.resolve("checkpoints/checkpoint_6/checkpoint.json")).exists();
        assertThat(output.resolve("best/best_program.java")).exists();
        assertThat(output.resolve("report.html")).content().contains("<svg class=\"score-chart\"")
                .contains("<pre class=\"diff\">").contains("Thermostat");
        assertThat(first.out()).contains("Report: " + output.resolve("report.html"));

        var resumed = CliRunner.run("run", program.toString(), harness.toString(), "--config", config.toString(),
                "--iterations", "9", "--output", dir.resolve("out2").toString(),
                "--checkpoint", output.resolve("checkpoints/checkpoint_6").toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("Resuming run 'cli'").contains("in 9 iterations");
        assertThat(dir.resolve("out2/checkpoints/checkpoint_9")).exists();
    }

    @Test
    void anOpenEvolveExampleEvolvesUnchangedWithItsOwnConfig() {
        Path example = Path.of("function_minimization");
        var result = CliRunner.run("run", example.resolve("initial_program.py").toString(),
                example.resolve("evaluator.py").toString(), "--config", example.resolve("config.yaml").toString(),
                "--iterations", "6", "--output", dir.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        var m = Pattern.compile("Improvement: +([-+][0-9.]+)").matcher(result.out());
        assertThat(m.find()).as(result.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isGreaterThanOrEqualTo(0);
        assertThat(dir.resolve("best/best_program.py")).exists();
        assertThat(dir.resolve("best/best_program_info.json")).content().contains("reliability");
    }

    @Test
    void badArgumentsAreNamed() {
        var unknown = CliRunner.run("run", "a", "b", "--colour", "red");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown option --colour");

        var missing = CliRunner.run("run", dir.resolve("nope.java").toString(), "eval.py");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("initial program").contains("nope.java").contains("does not exist");

        var iterations = CliRunner.run("quickstart", "--iterations", "zero");
        assertThat(iterations.exitCode()).isEqualTo(2);
        assertThat(iterations.err()).contains("--iterations must be a whole number").contains("'zero'");

        assertThat(CliRunner.run("evolve").err()).contains("unknown command 'evolve'");
    }

    @Test
    void malformedConfigIsReportedWithTheFile() throws IOException {
        Path program = copy("quickstart/Thermostat.java", dir.resolve("Thermostat.java"));
        Path harness = copy("quickstart/ThermostatHarness.java", dir.resolve("ThermostatHarness.java"));
        Path config = dir.resolve("broken.yaml");
        Files.writeString(config, "max_iterations: [1, 2\nllm: {\n");

        var result = CliRunner.run("run", program.toString(), harness.toString(), "--config", config.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("broken.yaml");
    }

    /** Defaults shrunk for tests: few iterations, two islands, small population. */
    static dev.openevolve.config.OpenEvolveConfig smallConfig(int iterations) {
        var d = dev.openevolve.config.OpenEvolveConfig.defaults();
        return d.toBuilder()
                .engine(d.engine().withMaxIterations(iterations).withCheckpointInterval(2).withRandomSeed(7)
                        .withMaxCodeLength(20_000).withParallelIterations(2))
                .programs(d.programs().withPopulationSize(100).withArchiveSize(20).withNumIslands(2)
                        .withFeatureBins(5).withMigrationInterval(5).withNumInspirations(3))
                .evaluation(d.evaluation().withTimeout(java.time.Duration.ofSeconds(60)).withParallelism(2)
                        .withMaxRetries(1).withCascade(false).withCascadeThresholds(java.util.List.of()))
                .build();
    }

    static Path copy(String resource, Path target) throws IOException {
        try (InputStream in = OpenEvolveCliTest.class.getClassLoader().getResourceAsStream(resource)) {
            Files.write(target, in.readAllBytes());
        }
        return target;
    }
}
