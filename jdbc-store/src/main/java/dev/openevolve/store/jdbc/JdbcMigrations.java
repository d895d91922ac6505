package dev.openevolve.store.jdbc;

import dev.openevolve.spi.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versioned, reversible schema migrations of the jdbc store. Version {@code n} is made by the
 * script {@code Vn__name.up.sql} of the database's dialect and unmade by {@code Vn__name.down.sql};
 * applied versions are recorded in {@code openevolve_schema_history}. A database whose schema is
 * newer than {@link #LATEST_VERSION} is refused, never downgraded behind the host's back.
 *
 * <p>On PostgreSQL a migration runs in one transaction under an advisory lock, so concurrent
 * starters apply it once and a failed one leaves nothing behind. H2 commits DDL statement by
 * statement, so an H2 migration cut off by a crash ({@code kill -9}, power loss) or a failing
 * statement leaves the statements of its version before the cut applied; a version whose statements
 * all ran can even lack its history row, which commits with the next statement. Every statement of
 * the H2 scripts can therefore run again ({@code CREATE ... IF NOT EXISTS}, {@code ADD COLUMN IF NOT
 * EXISTS}, a constraint dropped if it exists before it is made anew, updates that change nothing the
 * second time): the next migration, such as the next open of a store with {@code migrate=true}, runs
 * the unrecorded version again from its first statement and completes it, with exactly the schema of
 * an uninterrupted migration. This also completes a version left half applied by an earlier release.
 * The H2 down scripts are written the same way, so an interrupted {@link #migrateTo} to a lower
 * version completes when it is repeated. A database already at a version is unaffected: the script
 * of an applied version never runs again.
 *
 * <p>Thread safe; holds no connection between calls. Use {@link #of(DataSource)} to run them from
 * the host (for example a deployment step); stores opened with {@code migrate=true} run them themselves.
 */
public final class JdbcMigrations {
    /** The schema version this library reads and writes. */
    public static final int LATEST_VERSION = 6;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcMigrations.class);
    private static final List<String> NAMES = List.of(
            "programs_and_checkpoints", "performance_metrics", "patterns_and_suggestions", "analytics_views",
            "continuous_loop", "audit_log");
    private static final String HISTORY = "openevolve_schema_history";

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Names names;
    private final String where;

    JdbcMigrations(Jdbi jdbi, Dialect dialect, Names names, String where) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.names = names;
        this.where = where;
    }

    /** Migrations of the connection's default schema of {@code dataSource} (which is never closed). */
    public static JdbcMigrations of(DataSource dataSource) {
        return of(dataSource, Optional.empty());
    }

    /**
     * Migrations of {@code schema} (created when missing) in {@code dataSource} (which is never closed).
     *
     * @throws StoreException when the schema name is not a lower-case SQL identifier or the database
     *                        is neither PostgreSQL nor H2
     */
    public static JdbcMigrations of(DataSource dataSource, String schema) {
        return of(dataSource, Optional.of(Objects.requireNonNull(schema, "schema")));
    }

    private static JdbcMigrations of(DataSource dataSource, Optional<String> schema) {
        Objects.requireNonNull(dataSource, "dataSource");
        Names names = new Names(schema);
        Dialect dialect = detect(dataSource);
        return new JdbcMigrations(Jdbi.create(dataSource), dialect, names,
                "the host's " + dialect.name() + " DataSource (" + names.describe() + ")");
    }

    static Dialect detect(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return Dialect.ofProduct(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new StoreException("cannot connect through the host's DataSource: " + Database.reason(e), e);
        }
    }

    /** The version the database's schema is at; {@code 0} when the store's tables were never created. */
    public int currentVersion() {
        try (Handle h = jdbi.open()) {
            return currentVersion(h);
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException(where + ": cannot read the schema version: " + Database.reason(e), e);
        }
    }

    /** Brings the schema to {@link #LATEST_VERSION}; does nothing when it is there already. */
    public void migrate() {
        migrateTo(LATEST_VERSION);
    }

    /**
     * Brings the schema up or down to {@code version}; {@code 0} removes every table and view of
     * the store (and its data).
     *
     * @throws StoreException when {@code version} is not between 0 and {@link #LATEST_VERSION}, the
     *                        schema is newer than this library, or a script fails
     */
    public void migrateTo(int version) {
        if (version < 0 || version > LATEST_VERSION) {
            throw new StoreException("schema version must be between 0 and " + LATEST_VERSION + " but was " + version);
        }
        try (Handle h = jdbi.open()) {
            h.useTransaction(tx -> {
                if (dialect == Dialect.POSTGRESQL) {
                    tx.createQuery("SELECT pg_advisory_xact_lock(hashtext(:key))")
                            .bind("key", "openevolve-migrations:" + names.prefix())
                            .mapTo(String.class).one();
                }
                names.schema().ifPresent(s -> tx.execute("CREATE SCHEMA IF NOT EXISTS \"" + s + "\""));
                tx.execute("CREATE TABLE IF NOT EXISTS " + names.table(HISTORY) + " (version INTEGER NOT NULL PRIMARY KEY,"
                        + " description VARCHAR(200) NOT NULL,"
                        + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP)");
                int current = requireNotNewer(currentVersion(tx));
                for (int v = current + 1; v <= version; v++) {
                    LOG.info("{}: applying schema migration V{} {}", where, v, NAMES.get(v - 1));
                    run(tx, v, "up");
                    tx.createUpdate("INSERT INTO " + names.table(HISTORY) + " (version, description) VALUES (:v, :d)")
                            .bind("v", v).bind("d", NAMES.get(v - 1)).execute();
                }
                for (int v = current; v > version; v--) {
                    LOG.info("{}: reverting schema migration V{} {}", where, v, NAMES.get(v - 1));
                    run(tx, v, "down");
                    tx.createUpdate("DELETE FROM " + names.table(HISTORY) + " WHERE version = :v").bind("v", v).execute();
                }
            });
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException(where + ": schema migration to version " + version + " failed: "
                    + Database.reason(e), e);
        }
    }

    /** Fails unless the schema is exactly at {@link #LATEST_VERSION}, saying what to do. */
    void requireLatest() {
        int current = requireNotNewer(currentVersion());
        if (current < LATEST_VERSION) {
            throw new StoreException(where + " has schema version " + current + " but this library needs version "
                    + LATEST_VERSION + "; run the migrations (store setting 'migrate' = true, or "
                    + "JdbcMigrations.migrate() from the host)");
        }
    }

    private int requireNotNewer(int current) {
        if (current > LATEST_VERSION) {
            throw new StoreException(where + " has schema version " + current + ", newer than version "
                    + LATEST_VERSION + " that this openevolve-jdbc-store understands; upgrade the library or point "
                    + "it at another database or schema (it never downgrades a schema by itself)");
        }
        return current;
    }

    private int currentVersion(Handle h) {
        var query = h.createQuery("SELECT COUNT(*) FROM information_schema.tables"
                + " WHERE LOWER(table_schema) = LOWER(" + (names.schema().isPresent() ? ":schema" : "CURRENT_SCHEMA")
                + ") AND LOWER(table_name) = :table").bind("table", HISTORY);
        names.schema().ifPresent(s -> query.bind("schema", s));
        boolean exists = query.mapTo(Long.class).one() > 0;
        if (!exists) {
            return 0;
        }
        return h.createQuery("SELECT COALESCE(MAX(version), 0) FROM " + names.table(HISTORY))
                .mapTo(Integer.class).one();
    }

    private void run(Handle h, int version, String direction) {
        script(version, direction).forEach(h::execute);
    }

    /** The statements of the {@code up} or {@code down} script of {@code version}, as {@link #migrateTo} runs them. */
    List<String> script(int version, String direction) {
        String resource = "migrations/" + dialect.resourceDirectory() + "/V" + version + "__" + NAMES.get(version - 1)
                + "." + direction + ".sql";
        return statements(load(resource)).stream().map(s -> s.replace("${schema}", names.prefix())).toList();
    }

    private static String load(String resource) {
        try (InputStream in = JdbcMigrations.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new StoreException("migration script " + resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read migration script " + resource, e);
        }
    }

    /** The statements of a script: whole-line {@code --} comments dropped, split at a {@code ;} ending a line. */
    static List<String> statements(String script) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                result.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(line).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            result.add(current.toString().strip());
        }
        return result;
    }
}
