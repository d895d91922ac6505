package dev.openevolve.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.plugin.Providers;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run on the embedded H2 store killed with SIGKILL resumes from the database. */
class KillAndResumeTest {
    @TempDir
    Path dir;

    @Test
    void aRunKilledWithKill9ResumesWithNothingLostOrDuplicated() throws Exception {
        Path program = OpenEvolveCliTest.copy("quickstart/Thermostat.java", dir.resolve("Thermostat.java"));
        Path harness = OpenEvolveCliTest.copy("quickstart/ThermostatHarness.java",
                dir.resolve("ThermostatHarness.java"));
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "checkpoint_interval: 4\nmax_iterations: 200\n");
        Path output = dir.resolve("out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OpenEvolveCli.class.getName(), "run", program.toString(), harness.toString(), "--config",
                config.toString(), "--output", output.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        Path fifth = output.resolve("checkpoints/checkpoint_8");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (!Files.exists(fifth) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(Files.exists(fifth)).as(Files.readString(dir.resolve("child.log"))).isTrue();
        Thread.sleep(1500);
        child.destroyForcibly();   // SIGKILL: no shutdown hook, no flush
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        String runId = Evolution.runIdOf(program.toAbsolutePath().normalize(), Files.readString(program), harness);
        List<Program> beforeResume = programsIn(output, runId);
        long lastBefore = beforeResume.stream().mapToLong(Program::iteration).max().orElseThrow();

        Files.writeString(config, "checkpoint_interval: 4\nmax_iterations: " + (lastBefore + 6) + "\n");
        var resumed = CliRunner.run(Map.of(), "run", program.toString(), harness.toString(), "--config",
                config.toString(), "--output", output.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("Resuming run '" + runId + "' from iteration");

        List<Program> after = programsIn(output, runId);
        var ids = after.stream().map(Program::id).toList();
        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
        assertThat(ids).containsAll(beforeResume.stream().map(Program::id).toList());
        for (Program p : beforeResume) {
            assertThat(after).contains(p);   // nothing already evaluated was evaluated again or changed
        }
        assertThat(after.stream().mapToLong(Program::iteration).max().orElseThrow()).isGreaterThan(lastBefore);
    }

    private static List<Program> programsIn(Path output, String runId) throws IOException {
        String url = "jdbc:h2:file:" + output.resolve("openevolve-data").resolve("openevolve");
        try (var store = Providers.store("jdbc").open(Settings.of(Map.of("url", url)))) {
            return store.programs().list(runId);
        }
    }
}
