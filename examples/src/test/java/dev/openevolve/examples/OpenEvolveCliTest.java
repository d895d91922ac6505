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
        assertThat(result.out()).contains("iteration   12/12");
    }

    @Test
    void quickstartRefusesToReplaceAnEarlierRunUnlessForced() throws IOException {
        assertThat(CliRunner.run("quickstart", "--iterations", "2", "--output", dir.toString()).exitCode()).isZero();
        Path data = dir.resolve("openevolve-data");
        long before = Files.walk(data).count();

        var refused = CliRunner.run("quickstart", "--iterations", "2", "--output", dir.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("already holds a run").contains("--force");
        assertThat(Files.walk(data).count()).isEqualTo(before);
        assertThat(dir.resolve("checkpoints")).exists();

        var forced = CliRunner.run("quickstart", "--iterations", "2", "--output", dir.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
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

        String runId = Evolution.runIdOf(program.toAbsolutePath().normalize(), Files.readString(program), harness);
        assertThat(first.out()).contains("Run '" + runId + "'");

        // OpenEvolve's checkpoint layout beside ours
        Path checkpoint6 = output.resolve("checkpoints/checkpoint_6");
        assertThat(checkpoint6.resolve("metadata.json")).content().contains("\"last_iteration\":6")
                .contains("\"best_program_id\"");
        assertThat(checkpoint6.resolve("programs/p0.json")).content().contains("\"iteration_found\":0")
                .contains("\"combined_score\"");
        assertThat(checkpoint6.resolve("best_program.java")).exists();
        assertThat(checkpoint6.resolve("best_program_info.json")).exists();

        // OpenEvolve's resume line: -i counts iterations beyond the checkpoint, output goes to -o
        Path out2 = dir.resolve("out2");
        var resumed = CliRunner.run("run", program.toString(), harness.toString(), "-c", config.toString(),
                "-i", "3", "-o", out2.toString(), "--checkpoint", checkpoint6.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("Resuming run '" + runId + "'").contains("until iteration 9")
                .contains("iteration    9/9");
        assertThat(out2.resolve("checkpoints/checkpoint_9")).exists();
        assertThat(out2.resolve("best/best_program.java")).exists();

        // the resumed run lives in the configured store (the H2 file under out2), not in memory
        String url = "jdbc:h2:file:" + out2.resolve("openevolve-data").resolve("openevolve");
        try (var store = dev.openevolve.plugin.Providers.store("jdbc")
                .open(dev.openevolve.spi.Settings.of(java.util.Map.of("url", url)))) {
            var programs = store.programs().list(runId);
            assertThat(programs).extracting(dev.openevolve.spi.Program::iteration).contains(0L, 6L, 9L);
            assertThat(store.programs().latestCheckpoint(runId)).get()
                    .extracting(dev.openevolve.spi.RunCheckpoint::iteration).isEqualTo(9L);
        }

        // resuming from an earlier checkpoint into the output that holds the run further on (the README's line)
        // continues it as a new run beside the first, which stays as it was
        var again = CliRunner.run("run", program.toString(), harness.toString(), "-c", config.toString(),
                "-i", "2", "-o", output.toString(), "--checkpoint", output.resolve("checkpoints/checkpoint_3").toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("Resuming run '" + runId + "-from3'").contains("until iteration 5");
        String firstUrl = "jdbc:h2:file:" + output.resolve("openevolve-data").resolve("openevolve");
        try (var store = dev.openevolve.plugin.Providers.store("jdbc")
                .open(dev.openevolve.spi.Settings.of(java.util.Map.of("url", firstUrl)))) {
            assertThat(store.programs().latestCheckpoint(runId)).get()
                    .extracting(dev.openevolve.spi.RunCheckpoint::iteration).isEqualTo(6L);
            assertThat(store.programs().latestCheckpoint(runId + "-from3")).get()
                    .extracting(dev.openevolve.spi.RunCheckpoint::iteration).isEqualTo(5L);
            assertThat(store.programs().list(runId)).extracting(dev.openevolve.spi.Program::iteration)
                    .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        }
    }

    @Test
    void resumesAnOpenEvolveCheckpointWithItsWholePopulation() throws IOException {
        Path example = Path.of("function_minimization");
        Path checkpoint = Path.of("src/test/resources/openevolve_checkpoint/checkpoint_10");
        Path output = dir.resolve("resumed");
        String[] command = {"run", example.resolve("initial_program.py").toString(),
                example.resolve("evaluator.py").toString(), "--config", example.resolve("config.yaml").toString(),
                "--checkpoint", checkpoint.toString(), "-i", "3", "--offline", "-o", output.toString()};

        var result = CliRunner.run(command);

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("Resuming OpenEvolve checkpoint ").contains("checkpoint_10 (iteration 10) as run")
                .contains("until iteration 13: 6 programs, 5 in the population")
                .contains("iteration   11/13").contains("iteration   13/13")
                .contains("Initial score: 0.812300");
        double best = Double.parseDouble(result.out().replaceAll("(?s).*Best score: +([0-9.]+).*", "$1"));
        assertThat(best).isGreaterThanOrEqualTo(0.8917);
        Path written = output.resolve("checkpoints/checkpoint_13");
        assertThat(written.resolve("metadata.json")).content().contains("\"last_iteration\":13");
        try (var programs = Files.list(written.resolve("programs"))) {
            assertThat(programs.map(p -> p.getFileName().toString()).toList()).contains(
                    "p0.json", "2b7e9d14-5a6c-4f3e-8d21-0c9b7a6e5f02.json", "d4e5f6a7-8b9c-4d0e-9f1a-2b3c4d5e6f04.json",
                    "f6a7b8c9-0d1e-4f2a-9b3c-4d5e6f7a8b06.json", "p13.json");
        }
        var lineage = ProgramJson.JSON.readTree(written.resolve("programs/2b7e9d14-5a6c-4f3e-8d21-0c9b7a6e5f02.json")
                .toFile());
        assertThat(lineage.get("parent_id").asText()).isEqualTo("p0");
        assertThat(lineage.get("changes_description").asText()).endsWith("- wider steps (0.8)");
        assertThat(lineage.get("metrics").get("combined_score").asDouble()).isEqualTo(0.8541);

        var again = CliRunner.run(command);
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("from iteration 13 found in the store until iteration 13");
    }

    @Test
    void anotherProblemOnTheSameStoreStartsItsOwnRun() throws IOException {
        Path program = copy("quickstart/Thermostat.java", dir.resolve("Thermostat.java"));
        Path harness = copy("quickstart/ThermostatHarness.java", dir.resolve("ThermostatHarness.java"));
        Path output = dir.resolve("out");
        var java = CliRunner.run("run", program.toString(), harness.toString(), "-i", "2", "-o", output.toString());
        assertThat(java.exitCode()).as(java.err()).isZero();

        Path example = Path.of("function_minimization");
        var python = CliRunner.run("run", example.resolve("initial_program.py").toString(),
                example.resolve("evaluator.py").toString(), "-i", "2", "-o", output.toString());
        assertThat(python.exitCode()).as(python.err()).isZero();
        assertThat(python.out()).doesNotContain("Resuming").contains("Run 'initial_program-");
        assertThat(output.resolve("best/best_program_info.json")).content().contains("\"language\" : \"python\"");

        var explicit = CliRunner.run("run", example.resolve("initial_program.py").toString(),
                example.resolve("evaluator.py").toString(), "-i", "3", "-o", output.toString(), "--run-id", "mine");
        assertThat(explicit.exitCode()).as(explicit.err()).isZero();
        assertThat(explicit.out()).contains("Run 'mine'");
    }

    @Test
    void everyCommandAnswersHelp() {
        for (String[] args : new String[][] {{"--help"}, {"run", "--help"}, {"quickstart", "--help"},
                {"help", "run"}}) {
            var help = CliRunner.run(args);
            assertThat(help.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(help.out()).contains("Usage:");
        }
        assertThat(CliRunner.run("run", "--help").out()).contains("-i, --iterations").contains("-c, --config")
                .contains("-o, --output").contains("--checkpoint").contains("--target-score").contains("--api-base")
                .contains("--log-level").contains("--offline").contains("--run-id");
    }

    @Test
    void badFilesGetOneLineAndNoStackTrace() throws IOException {
        Path harness = copy("quickstart/ThermostatHarness.java", dir.resolve("ThermostatHarness.java"));
        Path empty = Files.writeString(dir.resolve("Empty.java"), "");
        Path program = copy("quickstart/Thermostat.java", dir.resolve("Thermostat.java"));
        Path aFile = Files.writeString(dir.resolve("not-a-folder"), "x");

        var cases = java.util.Map.of(
                "is empty", new String[] {"run", empty.toString(), harness.toString()},
                "is a directory, not a file", new String[] {"run", dir.toString(), harness.toString()},
                "is a file, not a folder", new String[] {"run", program.toString(), harness.toString(), "-o",
                        aFile.toString()},
                "is not writable", new String[] {"run", program.toString(), harness.toString(), "-o",
                        aFile.resolve("sub").toString()});
        cases.forEach((message, args) -> {
            var result = CliRunner.run(args);
            assertThat(result.exitCode()).as(message).isEqualTo(2);
            assertThat(result.err()).as(message).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
        });
    }

    @Test
    void aRunWhoseModelNeverProducesACandidateFails() throws IOException {
        Path program = Files.writeString(dir.resolve("constant.py"), "def run_search(seed):\n    return seed\n");
        Path evaluator = Files.writeString(dir.resolve("evaluator.py"),
                "def evaluate(program_path):\n    return {\"combined_score\": 0.5}\n");
        var result = CliRunner.run("run", program.toString(), evaluator.toString(), "-i", "3", "-o",
                dir.resolve("out").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("produced no candidate in 3 iterations").contains("numeric literal");
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
        assertThat(unknown.err()).contains("Unknown option").contains("--colour");

        var missing = CliRunner.run("run", dir.resolve("nope.java").toString(), "eval.py");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("initial program").contains("nope.java").contains("does not exist");

        var iterations = CliRunner.run("quickstart", "--iterations", "zero");
        assertThat(iterations.exitCode()).isEqualTo(2);
        assertThat(iterations.err()).contains("--iterations").contains("must be a whole number").contains("'zero'");

        var command = CliRunner.run("evolve");
        assertThat(command.exitCode()).isEqualTo(2);
        assertThat(command.err()).contains("evolve");
        var none = CliRunner.run();
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no command given").contains("quickstart").contains("run");
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
