package dev.openevolve.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.openevolve.plugin.Providers;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code parallel_iterations: 4} run of the command line, killed with SIGKILL again and again at different
 * points (right at a checkpoint and at several delays after one, so with iterations in flight and programs stored
 * out of order), ends with exactly the programs of an uninterrupted run with the same seed: ids, codes and scores.
 */
class KillAnywhereResumeTest {
    private static final String PG_URL = env("OPENEVOLVE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER = env("OPENEVOLVE_TEST_PG_USER", "postgres");
    private static final int ITERATIONS = 36;
    private static final long[] KILL_DELAYS_MS = {0, 90, 220, 400, 30};

    @TempDir
    Path dir;

    @Test
    void onH2() throws Exception {
        String killed = "jdbc:h2:file:" + dir.resolve("killed-db").resolve("openevolve");
        String whole = "jdbc:h2:file:" + dir.resolve("whole-db").resolve("openevolve");
        compare(killed, whole, Map.of());
    }

    @Test
    void onPostgresql() throws Exception {
        requirePostgres();
        String killedSchema = "oe_kill_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String wholeSchema = killedSchema + "_w";
        try {
            for (String schema : List.of(killedSchema, wholeSchema)) {
                execute("CREATE SCHEMA " + schema);
            }
            compare(PG_URL + "?currentSchema=" + killedSchema, PG_URL + "?currentSchema=" + wholeSchema,
                    Map.of("user", PG_USER));
        } finally {
            for (String schema : List.of(killedSchema, wholeSchema)) {
                execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private void compare(String killedUrl, String wholeUrl, Map<String, String> database) throws Exception {
        Path program = dir.resolve("program.py");
        Files.writeString(program, "# EVOLVE-BLOCK-START\nX = 1.25\nY = 0.5\nZ = -2.0\n# EVOLVE-BLOCK-END\n");
        Path evaluator = dir.resolve("evaluator.py");
        Files.writeString(evaluator, """
                import hashlib, importlib.util, time
                def evaluate(program_path):
                    source = open(program_path).read()
                    time.sleep(int(hashlib.sha256(source.encode()).hexdigest()[:2], 16) / 255 * 0.5)
                    spec = importlib.util.spec_from_file_location("candidate", program_path)
                    p = importlib.util.module_from_spec(spec)
                    spec.loader.exec_module(p)
                    return {"combined_score": 1.0 / (1.0 + abs(p.X - 3.0) + abs(p.Y + 1.0) + abs(p.Z - 0.25))}
                """);
        Path wholeConfig = config("whole", wholeUrl, database);
        Path killedConfig = config("killed", killedUrl, database);

        Process uninterrupted = start(program, evaluator, wholeConfig, dir.resolve("whole-out"), "whole");
        assertThat(uninterrupted.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(uninterrupted.exitValue()).as(log("whole")).isZero();

        Path output = dir.resolve("killed-out");
        int kills = 0;
        for (int attempt = 0; attempt < KILL_DELAYS_MS.length; attempt++) {
            int target = lastCheckpoint(output) + 3;
            Process child = start(program, evaluator, killedConfig, output, "killed-" + attempt);
            Path checkpoint = output.resolve("checkpoints").resolve("checkpoint_" + target);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(checkpoint) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (!child.isAlive()) {
                assertThat(child.exitValue()).as(log("killed-" + attempt)).isZero();
                break;   // it finished before this kill point
            }
            Thread.sleep(KILL_DELAYS_MS[attempt]);
            child.destroyForcibly();   // SIGKILL: no shutdown hook, nothing flushed
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            kills++;
        }
        assertThat(kills).as("kills before the run finished").isGreaterThanOrEqualTo(3);
        Process last = start(program, evaluator, killedConfig, output, "killed-last");
        assertThat(last.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).as(log("killed-last")).isZero();

        List<String> expected = programs(wholeUrl, database);
        assertThat(expected).hasSizeGreaterThan(ITERATIONS / 2);
        assertThat(programs(killedUrl, database)).isEqualTo(expected);
    }

    private Path config(String name, String url, Map<String, String> database) throws IOException {
        var yaml = new StringBuilder("max_iterations: " + ITERATIONS + "\ncheckpoint_interval: 3\n"
                + "parallel_iterations: 4\nrandom_seed: 11\nevaluation:\n  parallelism: 4\n  timeout: 60\n"
                + "programs:\n  num_islands: 2\n  migration_interval: 6\n"
                + "database:\n  provider: jdbc\n  url: \"" + url + "\"\n");
        database.forEach((k, v) -> yaml.append("  ").append(k).append(": ").append(v).append('\n'));
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private Process start(Path program, Path evaluator, Path config, Path output, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OpenEvolveCli.class.getName(),
                "run", program.toString(), evaluator.toString(), "--config", config.toString(), "--output",
                output.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
    }

    private String log(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".log"));
    }

    private static int lastCheckpoint(Path output) throws IOException {
        Path checkpoints = output.resolve("checkpoints");
        if (!Files.isDirectory(checkpoints)) {
            return 0;
        }
        try (Stream<Path> dirs = Files.list(checkpoints)) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.matches("checkpoint_\\d+"))
                    .mapToInt(n -> Integer.parseInt(n.substring("checkpoint_".length()))).max().orElse(0);
        }
    }

    /** Every program of every run in the database as "run id code score", in store order. */
    private static List<String> programs(String url, Map<String, String> database) throws SQLException {
        var settings = new HashMap<String, String>();
        settings.put("url", url);
        if (database.containsKey("user")) {
            settings.put("username", database.get("user"));
        }
        var runIds = new ArrayList<String>();
        try (Connection c = DriverManager.getConnection(url, database.getOrDefault("user", "sa"), "");
             var rs = c.createStatement().executeQuery(
                     "SELECT DISTINCT run_id FROM openevolve_evaluations ORDER BY run_id")) {
            while (rs.next()) {
                runIds.add(rs.getString(1));
            }
        }
        assertThat(runIds).hasSize(1);
        try (var store = Providers.store("jdbc").open(Settings.of(settings))) {
            return store.programs().list(runIds.get(0)).stream()
                    .map(p -> runIds.get(0) + " " + p.id() + " " + p.fitness() + "\n" + p.code() + failure(p))
                    .toList();
        }
    }

    private static String failure(Program p) {
        String reason = p.artifacts().get("failure");
        return reason == null ? "" : "\nfailed: " + reason;
    }

    static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, env("OPENEVOLVE_TEST_PG_PASSWORD", ""))) {
            c.createStatement().execute(sql);
        }
    }

    static void requirePostgres() {
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, env("OPENEVOLVE_TEST_PG_PASSWORD", ""))) {
            if (c.isValid(5)) {
                return;
            }
            throw new SQLException("the connection is not valid");
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + PG_URL + " as " + PG_USER + " (" + e.getMessage()
                    + "); set OPENEVOLVE_REQUIRE_POSTGRES=true to make this a failure.";
            if ("true".equalsIgnoreCase(System.getenv("OPENEVOLVE_REQUIRE_POSTGRES"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
