package dev.openevolve.cluster;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A fresh random schema in the PostgreSQL server at {@code OPENEVOLVE_TEST_PG_HOST:PORT/test} (default
 * 127.0.0.1:5432, user postgres), dropped on close, so tests run concurrently with other checkouts on the same server.
 * Skips the test when no server is reachable, unless {@code OPENEVOLVE_REQUIRE_POSTGRES=true}.
 */
final class PgSchema implements AutoCloseable {
    static final String HOST = env("OPENEVOLVE_TEST_PG_HOST", "127.0.0.1");
    static final int PORT = Integer.parseInt(env("OPENEVOLVE_TEST_PG_PORT", "5432"));
    static final String DB = env("OPENEVOLVE_TEST_PG_DB", "test");
    static final String USER = env("OPENEVOLVE_TEST_PG_USER", "postgres");
    static final String PASSWORD = env("OPENEVOLVE_TEST_PG_PASSWORD", "");

    final String schema = "oe_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    PgSchema() {
        requirePostgres();
        execute("CREATE SCHEMA " + schema);
    }

    /** The URL through {@code port} (a proxy's) with this schema as current schema. */
    String url(int port) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + DB + "?currentSchema=" + schema;
    }

    String url() {
        return url(PORT);
    }

    ClusterSettings settings() {
        return ClusterSettings.of(url(), USER, PASSWORD).withPollInterval(java.time.Duration.ofSeconds(1))
                .withHeartbeat(java.time.Duration.ofSeconds(1), 4);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, PASSWORD);
    }

    long count(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    List<List<String>> rows(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            var rows = new ArrayList<List<String>>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                var row = new ArrayList<String>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(url(), USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void requirePostgres() {
        String url = "jdbc:postgresql://" + HOST + ":" + PORT + "/" + DB;
        try (Connection c = DriverManager.getConnection(url, USER, PASSWORD)) {
            if (c.isValid(5)) {
                return;
            }
            throw new SQLException("the connection is not valid");
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + url + " as " + USER + " (" + e.getMessage()
                    + "); set OPENEVOLVE_TEST_PG_HOST/PORT/DB/USER/PASSWORD, or OPENEVOLVE_REQUIRE_POSTGRES=true to"
                    + " make this a failure.";
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
}
