package dev.openevolve.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Connections to the cluster's database: a small pool, plus single connections for LISTEN and locks. */
final class Database implements AutoCloseable {
    private final ClusterSettings settings;
    private final HikariDataSource pool;

    Database(ClusterSettings settings, String name, int maxConnections) {
        this.settings = settings;
        var config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setPoolName("openevolve-cluster-" + name);
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        // a database that is down at start is waited for like one that goes down later
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
    }

    HikariDataSource pool() {
        return pool;
    }

    /** A connection outside the pool, for a session that holds LISTEN registrations or advisory locks. */
    Connection session() throws SQLException {
        var props = new Properties();
        props.setProperty("user", settings.user());
        if (!settings.password().isEmpty()) {
            props.setProperty("password", settings.password());
        }
        props.setProperty("connectTimeout", "5");
        props.setProperty("socketTimeout", "30");
        props.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(settings.url(), props);
    }

    @Override
    public void close() {
        pool.close();
    }
}
