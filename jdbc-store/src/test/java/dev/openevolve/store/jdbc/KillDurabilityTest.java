package dev.openevolve.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.spi.Program;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A child JVM writing programs is killed with SIGKILL mid-stream; reopening the database shows
 * every save that returned, nothing twice, and metric batches only whole; saves cut off by the kill can be made
 * again.
 */
class KillDurabilityTest {
    private static final int SAVES_BEFORE_KILL = 60;
    private static final int PARALLEL_ROUNDS = 3;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void everySaveThatReturnedSurvivesKillNineAndNothingIsDuplicated(String kind) throws Exception {
        try (var db = TestDatabase.create(kind)) {
            Path errors = Files.createTempFile("durability-writer-", ".log");
            Process child = child(DurabilityWriter.class, db, errors);
            int lastSaved = -1;
            int lastCheckpoint = -1;
            try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                String line;
                while (lastSaved < SAVES_BEFORE_KILL && System.nanoTime() < deadline && (line = out.readLine()) != null) {
                    if (line.startsWith("saved ")) {
                        lastSaved = Integer.parseInt(line.substring(6));
                    } else if (line.startsWith("checkpoint ")) {
                        lastCheckpoint = Integer.parseInt(line.substring(11));
                    }
                }
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly();
            }
            assertThat(lastSaved).as("saves reported by the child before the kill; its stderr: %s",
                    Files.readString(errors)).isGreaterThanOrEqualTo(SAVES_BEFORE_KILL);
            Files.deleteIfExists(errors);

            try (var store = JdbcStore.open(db.settings())) {
                List<Program> programs = store.programs().list(DurabilityWriter.RUN);
                var ids = new HashSet<String>();
                programs.forEach(p -> ids.add(p.id()));
                assertThat(ids).as("no duplicates").hasSameSizeAs(programs);
                assertThat(programs.size()).isBetween(lastSaved + 1, lastSaved + 2);
                for (int i = 0; i <= lastSaved; i++) {
                    assertThat(programs.get(i)).isEqualTo(DurabilityWriter.program(i));
                }
                assertThat(store.programs().latestCheckpoint(DurabilityWriter.RUN).orElseThrow().iteration())
                        .isGreaterThanOrEqualTo(lastCheckpoint);
                long samples = store.metrics().find(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"),
                        Integer.MAX_VALUE).size();
                assertThat(samples % DurabilityWriter.BATCH).as("only whole batches").isZero();
                assertThat(samples / DurabilityWriter.BATCH).isBetween((long) lastSaved, (long) lastSaved + 2);
            }
        }
    }

    /**
     * Saves from several threads, killed again and again on the same database as a resumed run is: every save that
     * returned is there, and every save cut off can be made again (on H2 a crash while two saves committed used to
     * leave a key that every later insert waited on until "Timeout trying to lock table").
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void parallelSavesKilledMidwayStayAndCanAllBeMadeAgain(String kind) throws Exception {
        try (var db = TestDatabase.create(kind)) {
            for (int round = 0; round < PARALLEL_ROUNDS; round++) {
                var started = new HashSet<String>();
                var saved = new HashSet<String>();
                Path errors = Files.createTempFile("parallel-saver-", ".log");
                Process child = child(ParallelSaver.class, db, errors, String.valueOf(round));
                try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    String line;
                    while (saved.size() < 30 + 25 * round && System.nanoTime() < deadline
                            && (line = out.readLine()) != null) {
                        (line.startsWith("saved ") ? saved : started).add(line.substring(line.indexOf(' ') + 1));
                    }
                    child.destroyForcibly();
                    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                } finally {
                    child.destroyForcibly();
                }
                assertThat(saved).as("saves before the kill in round %d; the child's stderr: %s", round,
                        Files.readString(errors)).hasSizeGreaterThanOrEqualTo(30 + 25 * round);
                Files.deleteIfExists(errors);

                try (var store = JdbcStore.open(db.settings())) {
                    var stored = new HashSet<String>();
                    store.programs().list(ParallelSaver.RUN).forEach(p -> stored.add(p.id()));
                    assertThat(stored).as("round %d", round).containsAll(saved);
                    for (String id : started) {
                        if (!stored.contains(id)) {
                            store.programs().save(ParallelSaver.RUN, ParallelSaver.program(id));
                        }
                    }
                    stored.clear();
                    store.programs().list(ParallelSaver.RUN).forEach(p -> stored.add(p.id()));
                    assertThat(stored).containsAll(started);
                }
            }
        }
    }

    /** Starts {@code main} in a JVM of its own with the settings of {@code db}, its standard error to {@code errors}. */
    static Process child(Class<?> main, TestDatabase db, Path errors, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                main.getName()));
        command.addAll(List.of(args));
        db.settings().asMap().forEach((k, v) -> command.add(k + "=" + v));
        return new ProcessBuilder(command).redirectError(errors.toFile()).start();
    }
}
