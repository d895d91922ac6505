package dev.openevolve.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.spi.Program;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * H2 commits every DDL statement by itself, so a migration killed or failing midway leaves the statements before the
 * cut applied, and a version whose statements all ran may still lack its history row (the row commits with the next
 * statement). Every such state, in the default schema and in a named one, is made here by running the first
 * statements of a version's script as {@link JdbcMigrations} runs them; the next migration must complete it with
 * exactly the schema a clean migration makes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2InterruptedMigrationTest {
    private static final int LATEST = JdbcMigrations.LATEST_VERSION;
    /** The suggestions table gets new statuses in this version, which rewrites the rows. */
    private static final int STATUS_VERSION = 5;
    private static final Program PROGRAM = new Program("p", "x = 1", "python", null, 0, 0, 0,
            Map.of("combined_score", 0.5), Map.of(), "", Instant.parse("2024-01-01T00:00:00Z"));

    /** Schemas of clean migrations, by schema setting and version. */
    private final Map<String, List<String>> cleanSchemas = new HashMap<>();

    /**
     * Up: the next open of a store (with {@code migrate=true}) completes the version and the later ones. Down: the
     * interrupted {@code migrateTo} repeated completes it.
     */
    @ParameterizedTest(name = "V{1} {2} cut off after {3} of {4} statements, schema ''{0}''")
    @MethodSource("cutOffs")
    void migrationCutOffAfterAnyStatementCompletesWhenRunAgain(String schema, int version, String direction, int ran,
            int total) throws Exception {
        boolean up = direction.equals("up");
        int target = up ? LATEST : version - 1;
        try (var db = new TestDatabase.H2()) {
            var migrations = migrations(db, schema);
            cutOff(db, migrations, schema, version, direction, ran);

            try (Connection open = db.connect()) {
                if (up) {
                    try (var store = JdbcStore.open(schema.isEmpty() ? db.settings()
                            : db.settings().with("schema", schema))) {
                        store.programs().save("run", PROGRAM);
                        assertThat(store.programs().list("run")).containsExactly(PROGRAM);
                    }
                } else {
                    migrations.migrateTo(target);
                }
                assertThat(migrations.currentVersion()).isEqualTo(target);
                assertThat(db.count("SELECT COUNT(*) FROM " + qualified(schema, "openevolve_schema_history")))
                        .isEqualTo(target);
                assertThat(H2Schema.describe(open, schemaName(schema)))
                        .containsExactlyElementsOf(clean(schema, target));
                if (version == STATUS_VERSION) {
                    assertThat(suggestionStatus(db, schema)).isEqualTo(up ? "DEPLOYED" : "APPLIED");
                }
            }
        }
    }

    /** Every (schema, version, direction, statements run) with at least one statement run, all of them included. */
    static List<Arguments> cutOffs() {
        List<Arguments> cutOffs = new ArrayList<>();
        try (var db = TestDatabase.create("h2-memory")) {
            var migrations = migrations(db, "");
            for (String schema : List.of("", "evo")) {
                for (String direction : List.of("up", "down")) {
                    for (int v = 1; v <= LATEST; v++) {
                        int total = migrations.script(v, direction).size();
                        for (int ran = 1; ran <= total; ran++) {
                            cutOffs.add(Arguments.of(schema, v, direction, ran, total));
                        }
                    }
                }
            }
        }
        return cutOffs;
    }

    private List<String> clean(String schema, int version) throws SQLException {
        String key = schema + "@" + version;
        if (!cleanSchemas.containsKey(key)) {
            try (var db = new TestDatabase.H2(); Connection c = db.connect()) {
                migrations(db, schema).migrateTo(version);
                cleanSchemas.put(key, H2Schema.describe(c, schemaName(schema)));
            }
        }
        return cleanSchemas.get(key);
    }

    /** Migrations of {@code schema} ({@code ""}: the default schema) over a plain H2 DataSource. */
    private static JdbcMigrations migrations(TestDatabase db, String schema) {
        var dataSource = new JdbcDataSource();
        dataSource.setURL(db.url());
        dataSource.setUser("sa");
        return schema.isEmpty() ? JdbcMigrations.of(dataSource) : JdbcMigrations.of(dataSource, schema);
    }

    /**
     * Brings the database to where the migration over {@code version} in {@code direction} starts, with a suggestion
     * whose status that version changes, then runs the first {@code ran} statements of its script, each committed by
     * itself as H2 commits DDL, and closes the database as a crash would leave it.
     */
    private static void cutOff(TestDatabase db, JdbcMigrations migrations, String schema, int version,
            String direction, int ran) throws SQLException {
        boolean up = direction.equals("up");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            migrations.migrateTo(up ? version - 1 : version);
            if (version == STATUS_VERSION) {
                addSuggestion(db, schema, up ? "APPLIED" : "DEPLOYED");
            }
            for (String statement : migrations.script(version, direction).subList(0, ran)) {
                s.execute(statement);
            }
        }
    }

    private static void addSuggestion(TestDatabase db, String schema, String status) {
        db.execute("INSERT INTO " + qualified(schema, "optimization_suggestions") + " (suggestion_id, suggestion_type,"
                + " target_component, description, expected_improvement, confidence, priority, status, created_at)"
                + " VALUES ('s1', 'CACHE', 'evaluator', 'cache results', 0.5, 0.5, 1, '" + status + "',"
                + " TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00Z')");
    }

    private static String suggestionStatus(TestDatabase db, String schema) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT status FROM " + qualified(schema, "optimization_suggestions"))) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static String qualified(String schema, String table) {
        return new Names(schema.isEmpty() ? Optional.empty() : Optional.of(schema)).table(table);
    }

    private static String schemaName(String schema) {
        return schema.isEmpty() ? "PUBLIC" : schema;
    }
}
