package dev.openevolve.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.spi.Program;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A child JVM first opening a new H2 file store is killed with SIGKILL while it migrates the schema, as a service
 * killed during its first start-up is; the store then opens on that file, completes the migration with the schema of
 * a clean one, and saves.
 */
class H2MigrationKillTest {
    private static final Program PROGRAM = new Program("p", "x = 1", "python", null, 0, 0, 0,
            Map.of("combined_score", 0.5), Map.of(), "", Instant.parse("2024-01-01T00:00:00Z"));

    /** Killed as soon as the child logs that it starts applying this version. */
    @ParameterizedTest(name = "killed applying V{0}")
    @ValueSource(ints = {1, 2, 3, 5, 6})
    void storeKilledWhileFirstMigratingOpensAgainAndSaves(int version) throws Exception {
        try (var db = new TestDatabase.H2()) {
            Path errors = Files.createTempFile("migrating-opener-", ".log");
            Process child = KillDurabilityTest.child(MigratingOpener.class, db, errors);
            boolean reached = false;
            try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String marker = "applying schema migration V" + version + " ";
                String line;
                while (!reached && (line = out.readLine()) != null) {
                    reached = line.contains(marker);
                }
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly();
            }
            assertThat(reached).as("the child logged applying V%d; its stderr: %s", version, Files.readString(errors))
                    .isTrue();
            Files.deleteIfExists(errors);
            System.out.printf("killed applying V%d: left at version %d with %d tables%n", version,
                    db.count("SELECT COALESCE(MAX(version), 0) FROM openevolve_schema_history"),
                    db.count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'PUBLIC'"));

            try (var store = JdbcStore.open(db.settings()); Connection c = db.connect()) {
                store.programs().save("run", PROGRAM);
                assertThat(store.programs().list("run")).containsExactly(PROGRAM);
                assertThat(db.count("SELECT COUNT(*) FROM openevolve_schema_history"))
                        .isEqualTo(JdbcMigrations.LATEST_VERSION);
                assertThat(H2Schema.describe(c, "PUBLIC")).containsExactlyElementsOf(cleanSchema());
            }
        }
    }

    private static List<String> cleanSchema() throws Exception {
        try (var db = new TestDatabase.H2()) {
            JdbcStore.open(db.settings()).close();
            try (Connection c = db.connect()) {
                return H2Schema.describe(c, "PUBLIC");
            }
        }
    }
}
