package dev.openevolve.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcMigrationsTest {
    /** The tables and views each version adds. */
    private static final List<Set<String>> OBJECTS = List.of(
            Set.of("openevolve_evaluations", "program_evolution_history", "evolution_checkpoints"),
            Set.of("system_performance_metrics"),
            Set.of("learned_patterns", "optimization_suggestions"),
            Set.of("performance_summary", "top_optimization_opportunities"),
            Set.of("suggestion_history", "loop_events", "loop_config_versions", "feature_flags"),
            Set.of("openevolve_audit_log"));

    private static final Program PROGRAM = new Program("p", "x = 1", "python", null, 0, 0, 0,
            Map.of("combined_score", 0.5), Map.of(), "", Instant.parse("2024-01-01T00:00:00Z"));

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void everyVersionGoesDownAndUpAgainKeepingOlderData(String kind) throws Exception {
        try (var db = TestDatabase.create(kind); var pool = pool(db)) {
            var migrations = migrations(db, pool);
            assertThat(migrations.currentVersion()).isZero();
            migrations.migrate();
            assertThat(migrations.currentVersion()).isEqualTo(JdbcMigrations.LATEST_VERSION);
            assertThat(objects(db)).containsExactlyInAnyOrderElementsOf(expectedUpTo(JdbcMigrations.LATEST_VERSION));
            try (var store = JdbcStore.open(db.settings().with("migrate", "false"))) {
                store.programs().save("run", PROGRAM);
            }

            for (int v = JdbcMigrations.LATEST_VERSION; v >= 1; v--) {
                migrations.migrateTo(v - 1);
                assertThat(migrations.currentVersion()).isEqualTo(v - 1);
                assertThat(objects(db)).as("objects at version %d", v - 1)
                        .containsExactlyInAnyOrderElementsOf(expectedUpTo(v - 1));
                if (v > 1) {
                    assertThat(db.count("SELECT COUNT(*) FROM openevolve_evaluations")).isEqualTo(1);
                }
                migrations.migrateTo(v);
                assertThat(objects(db)).containsExactlyInAnyOrderElementsOf(expectedUpTo(v));
                migrations.migrateTo(v - 1);
            }
            assertThat(objects(db)).containsExactly("openevolve_schema_history");

            migrations.migrate();
            try (var store = JdbcStore.open(db.settings())) {
                assertThat(store.programs().list("run")).isEmpty();
                store.programs().save("run", PROGRAM);
                assertThat(store.programs().list("run")).containsExactly(PROGRAM);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void migratingTwiceChangesNothing(String kind) {
        try (var db = TestDatabase.create(kind); var pool = pool(db)) {
            var migrations = migrations(db, pool);
            migrations.migrate();
            migrations.migrate();

            assertThat(migrations.currentVersion()).isEqualTo(JdbcMigrations.LATEST_VERSION);
            assertThat(db.count("SELECT COUNT(*) FROM openevolve_schema_history"))
                    .isEqualTo(JdbcMigrations.LATEST_VERSION);
        }
    }

    @Test
    void versionOutOfRangeIsRejected() {
        try (var db = TestDatabase.create("h2-memory"); var pool = pool(db)) {
            var migrations = JdbcMigrations.of(pool);

            int latest = JdbcMigrations.LATEST_VERSION;
            assertThatThrownBy(() -> migrations.migrateTo(latest + 1)).isInstanceOf(StoreException.class)
                    .hasMessage("schema version must be between 0 and " + latest + " but was " + (latest + 1));
            assertThatThrownBy(() -> migrations.migrateTo(-1)).isInstanceOf(StoreException.class)
                    .hasMessage("schema version must be between 0 and " + latest + " but was -1");
        }
    }

    @Test
    void newerSchemaIsNeitherMigratedNorDowngraded() {
        try (var db = TestDatabase.create("h2-memory"); var pool = pool(db)) {
            var migrations = JdbcMigrations.of(pool);
            migrations.migrate();
            int future = JdbcMigrations.LATEST_VERSION + 1;
            db.execute("INSERT INTO openevolve_schema_history (version, description) VALUES (" + future + ", 'future')");

            String newer = "has schema version " + future + ", newer than version " + JdbcMigrations.LATEST_VERSION;
            assertThatThrownBy(migrations::migrate).isInstanceOf(StoreException.class).hasMessageContaining(newer);
            assertThatThrownBy(() -> migrations.migrateTo(0)).isInstanceOf(StoreException.class)
                    .hasMessageContaining(newer);
            assertThat(db.count("SELECT COUNT(*) FROM openevolve_evaluations")).isZero();
        }
    }

    @Test
    void scriptsSplitIntoStatementsWithoutComments() {
        String script = "-- heading\nCREATE TABLE a (\n    x INT -- trailing\n);\n\n-- next\nDROP TABLE b;\nSELECT 1";

        assertThat(JdbcMigrations.statements(script))
                .containsExactly("CREATE TABLE a (\n    x INT -- trailing\n)", "DROP TABLE b", "SELECT 1");
    }

    private static JdbcMigrations migrations(TestDatabase db, HikariDataSource pool) {
        return db instanceof TestDatabase.Postgres pg ? JdbcMigrations.of(pool, pg.schema()) : JdbcMigrations.of(pool);
    }

    private static HikariDataSource pool(TestDatabase db) {
        Settings s = db.settings();
        var config = new HikariConfig();
        config.setJdbcUrl(s.get("url", ""));
        config.setUsername(s.get("username").orElse("sa"));
        s.get("password").ifPresent(config::setPassword);
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    private static Set<String> expectedUpTo(int version) {
        Set<String> expected = new TreeSet<>(Set.of("openevolve_schema_history"));
        for (int v = 1; v <= version; v++) {
            expected.addAll(OBJECTS.get(v - 1));
        }
        return expected;
    }

    /** Tables and views of the store's schema, partitions of the metrics table left out. */
    private static Set<String> objects(TestDatabase db) throws SQLException {
        String schema = db instanceof TestDatabase.Postgres pg ? "'" + pg.schema() + "'" : "'PUBLIC'";
        Set<String> names = new TreeSet<>();
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT LOWER(table_name) FROM information_schema.tables WHERE table_schema = " + schema)) {
            while (rs.next()) {
                if (!rs.getString(1).startsWith("system_performance_metrics_p")) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
