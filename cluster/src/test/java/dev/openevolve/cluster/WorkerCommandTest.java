package dev.openevolve.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        var command = new WorkerCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return command.run(List.of(args));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void withoutConfigItPrintsUsageAndExits2() {
        assertThat(run(Map.of())).isEqualTo(2);
        assertThat(errors()).contains("worker needs --config <file>").contains(WorkerCommand.USAGE);
    }

    @Test
    void missingFileIsNamed() {
        assertThat(run(Map.of(), "--config", dir.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(errors()).contains("cannot read worker configuration").contains("nope.yaml");
    }

    @Test
    void configWithoutWorkerSectionSaysWhatIsMissing() throws Exception {
        Path config = file("c.yaml", "max_iterations: 3\n");
        assertThat(run(Map.of(), "--config", config.toString())).isEqualTo(2);
        assertThat(errors()).contains("the 'worker' section (run, evaluator, threads, ...) is missing");
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsKeyAndValue() throws Exception {
        Path config = file("c.yaml", """
                database: {provider: jdbc, url: "jdbc:h2:mem:x", password: s3cret-pw}
                worker:
                  threads: 0
                  evaluator: missing.py
                  heartbeat_interval: -1
                  missed_heartbeats: 2
                  colour: blue
                """);
        assertThat(run(Map.of(), "--config", config.toString())).isEqualTo(2);
        assertThat(errors())
                .contains("worker.run is required")
                .contains("worker.evaluator: file '" + dir.resolve("missing.py") + "' does not exist")
                .contains("worker.threads must be an integer of at least 1 but was '0'")
                .contains("worker.heartbeat_interval must be a positive number of seconds but was '-1'")
                .contains("worker.missed_heartbeats must be an integer of at least 4 but was '2'")
                .contains("worker.colour is not a known key")
                .contains("database.url must be a jdbc:postgresql: URL")
                .doesNotContain("s3cret-pw");
    }

    @Test
    void passwordInTheUrlIsNeverPrinted() throws Exception {
        file("eval.sh", "#!/bin/sh\necho '{\"combined_score\": 1}'\n");
        Path config = file("c.yaml", """
                database: {provider: jdbc, url: "jdbc:mysql://u:hunter2@db/x?password=hunter2"}
                worker: {run: r, evaluator: eval.sh}
                """);
        assertThat(run(Map.of(), "--config", config.toString())).isEqualTo(2);
        assertThat(errors()).contains("database.url must be a jdbc:postgresql: URL").doesNotContain("hunter2");
    }

    @Test
    void workerWithoutAControllerWaitsThenGivesUpNamingTheRun() throws Exception {
        try (var db = new PgSchema()) {
            file("eval.sh", "#!/bin/sh\necho '{\"combined_score\": 1}'\n");
            Path config = file("c.yaml", "database: {provider: jdbc, url: \"" + db.url() + "\", user: "
                    + PgSchema.USER + ", password: \"" + PgSchema.PASSWORD + "\"}\n"
                    + "worker: {run: nobody-home, evaluator: eval.sh, join_timeout: 1}\n");
            assertThat(run(Map.of(), "--config", config.toString())).isEqualTo(2);
            assertThat(errors()).contains("run 'nobody-home' did not start within 1 s");

            assertThat(run(Map.of(), "--config", config.toString(), "--status")).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("run 'nobody-home': workers alive 0,"
                    + " tasks queued 0, running 0, expired 0, retrying 0; results 0 (0 failed), 0 in the last minute");
        }
    }
}
