package dev.openevolve.store.jdbc;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.openevolve.spi.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real database for one test: an H2 file database in a fresh temporary directory, or a fresh
 * random schema in the PostgreSQL server at {@code OPENEVOLVE_TEST_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}). Closing it deletes it, so
 * tests can run concurrently with another checkout against the same server.
 */
abstract class TestDatabase implements AutoCloseable {
    static final String PG_URL = env("OPENEVOLVE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String PG_USER = env("OPENEVOLVE_TEST_PG_USER", "postgres");
    static final String PG_PASSWORD = env("OPENEVOLVE_TEST_PG_PASSWORD", "");
    /** The flags the default URL uses, for test URLs of H2. */
    static final String H2_FLAGS = ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";

    private static volatile String postgresProblem;
    private static volatile boolean postgresChecked;

    /** {@code "h2"}, {@code "h2-memory"} or {@code "postgresql"}; the latter skips (or fails on CI) when no server is reachable. */
    static TestDatabase create(String kind) {
        return switch (kind) {
            case "h2" -> new H2();
            case "h2-memory" -> new H2Memory();
            case "postgresql" -> new Postgres();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Settings that open a store on this database. */
    abstract Settings settings();

    /** A plain JDBC connection whose unqualified names resolve to the store's tables. */
    abstract Connection connect() throws SQLException;

    /** The URL the settings name. */
    abstract String url();

    abstract String kind();

    /** Deletes the database (files or schema). */
    @Override
    public abstract void close();

    /** A scalar read through a plain connection. */
    long count(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Skips the calling test when PostgreSQL is unreachable, unless OPENEVOLVE_REQUIRE_POSTGRES=true. */
    static void requirePostgres() {
        if (!postgresChecked) {
            try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD)) {
                postgresProblem = c.isValid(5) ? null : "the connection is not valid";
            } catch (SQLException e) {
                postgresProblem = e.getMessage();
            }
            postgresChecked = true;
        }
        if (postgresProblem != null) {
            String message = "PostgreSQL is not reachable at " + PG_URL + " as " + PG_USER + " (" + postgresProblem
                    + "). Start it (pg_ctlcluster --skip-systemctl-redirect <version> main start) or point "
                    + "OPENEVOLVE_TEST_PG_URL / OPENEVOLVE_TEST_PG_USER / OPENEVOLVE_TEST_PG_PASSWORD at a server; "
                    + "set OPENEVOLVE_REQUIRE_POSTGRES=true to make this a failure.";
            if ("true".equalsIgnoreCase(System.getenv("OPENEVOLVE_REQUIRE_POSTGRES"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static final class H2 extends TestDatabase {
        private final Path directory;
        private final String url;

        H2() {
            try {
                directory = Files.createTempDirectory("openevolve-h2-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            url = "jdbc:h2:file:" + directory.resolve("db").toAbsolutePath() + H2_FLAGS;
        }

        @Override
        Settings settings() {
            return Settings.of(Map.of("url", url));
        }

        @Override
        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, "sa", "");
        }

        @Override
        String url() {
            return url;
        }

        @Override
        String kind() {
            return "h2";
        }

        Path directory() {
            return directory;
        }

        @Override
        public void close() {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** An in-memory H2 database: gone when the store's pool closes its last connection. */
    static final class H2Memory extends TestDatabase {
        private final String url = "jdbc:h2:mem:oe_" + UUID.randomUUID() + ";LOCK_TIMEOUT=10000";

        @Override
        Settings settings() {
            return Settings.of(Map.of("url", url));
        }

        @Override
        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, "sa", "");
        }

        @Override
        String url() {
            return url;
        }

        @Override
        String kind() {
            return "h2";
        }

        @Override
        public void close() {
        }
    }

    static final class Postgres extends TestDatabase {
        private final String schema = "oe_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

        Postgres() {
            requirePostgres();
        }

        String schema() {
            return schema;
        }

        @Override
        Settings settings() {
            var m = new HashMap<String, String>();
            m.put("url", PG_URL);
            m.put("username", PG_USER);
            if (!PG_PASSWORD.isEmpty()) {
                m.put("password", PG_PASSWORD);
            }
            m.put("schema", schema);
            return Settings.of(m);
        }

        @Override
        Connection connect() throws SQLException {
            Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path TO \"" + schema + "\"");
            }
            return c;
        }

        @Override
        String url() {
            return PG_URL;
        }

        @Override
        String kind() {
            return "postgresql";
        }

        @Override
        public void close() {
            try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
                 Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop test schema " + schema, e);
            }
        }
    }
}
