package dev.openevolve.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.openevolve.spi.AuditStore;
import dev.openevolve.spi.EventStore;
import dev.openevolve.spi.MetricsStore;
import dev.openevolve.spi.PatternStore;
import dev.openevolve.spi.ProgramStore;
import dev.openevolve.spi.RolloutStore;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Store;
import dev.openevolve.spi.StoreException;
import dev.openevolve.spi.SuggestionStore;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * A {@link Store} on PostgreSQL (production) or an embedded H2 database (the default), chosen by
 * the JDBC URL, with the seed's analytics schema (see {@link JdbcMigrations}).
 *
 * <p>Settings: {@code url} (default: {@code jdbc:postgresql://host:port/database} when any of {@code host},
 * {@code port} or {@code database} is set, their defaults {@code localhost}, {@code 5432} and
 * {@code openevolve}; otherwise {@value #DEFAULT_URL}; an embedded H2 URL without {@code WRITE_DELAY} gets
 * {@code WRITE_DELAY=0}, and one with another value is refused), {@code username} or {@code user},
 * {@code password}, {@code pool_size} (default 4), {@code migrate} (default {@code true}: bring the
 * schema up to date on open; {@code false}: refuse a schema that is not current), {@code schema}
 * (a lower-case identifier; created when missing; default: the connection's schema) and
 * the timeouts {@code connect_timeout_seconds} (default 10: waiting for a pooled connection, and for a new
 * one to log in), {@code socket_timeout_seconds} (default 60, PostgreSQL: a read from a server that stopped
 * answering gives up) and {@code statement_timeout_seconds} (default 30: the driver cancels a longer
 * statement). So a frozen server fails an operation within about the socket timeout instead of blocking it;
 * parameters of the same name in a PostgreSQL URL ({@code socketTimeout=…}) take precedence; and for
 * PostgreSQL the TLS settings {@code sslmode}, {@code sslrootcert}, {@code sslcert}, {@code sslkey} and
 * {@code sslpassword}, passed to the driver under the same names. Any other key is rejected. A wrong URL, user or
 * password fails on open with a message naming the URL, the password masked.
 *
 * <p>Guarantees: {@link ProgramStore#save} and checkpoints are committed when the call returns;
 * a metrics batch is stored whole or not at all; every value reaches the database as a bound
 * parameter or as escaped {@code COPY} data, never as SQL text. Instants are stored with
 * microsecond precision (finer digits are dropped). On H2 the store's write transactions run one at a time and
 * each commit is written before it returns, so that a crash never leaves a commit half written in the file.
 *
 * <p>Thread safe. Lifecycle: opened by {@link #open(Settings)} (owns and closes its connection
 * pool) or {@link #open(DataSource, Settings)} (never closes the host's DataSource); after
 * {@link #close()} every operation throws {@link StoreException}.
 */
public final class JdbcStore implements Store {

    /** The embedded H2 database used when no {@code url} is set: a file below the working directory. */
    public static final String DEFAULT_URL =
            "jdbc:h2:file:./openevolve-data/openevolve;WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";

    private final Database db;
    private final HikariDataSource ownedPool;
    private final JdbcProgramStore programs;
    private final JdbcMetricsStore metrics;
    private final JdbcPatternStore patterns;
    private final JdbcSuggestionStore suggestions;
    private final JdbcEventStore events;
    private final JdbcRolloutStore rollout;
    private final JdbcAuditStore audit;

    private JdbcStore(Database db, HikariDataSource ownedPool) {
        this.db = db;
        this.ownedPool = ownedPool;
        this.programs = new JdbcProgramStore(db);
        this.metrics = new JdbcMetricsStore(db);
        this.patterns = new JdbcPatternStore(db);
        this.suggestions = new JdbcSuggestionStore(db);
        this.events = new JdbcEventStore(db);
        this.rollout = new JdbcRolloutStore(db);
        this.audit = new JdbcAuditStore(db);
    }

    /**
     * Opens a store with a connection pool of its own.
     *
     * @throws StoreException when a setting is invalid, the database cannot be reached or refuses
     *                        the credentials, or its schema is newer than this library (or older,
     *                        with {@code migrate=false})
     */
    public static JdbcStore open(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        StoreOptions options = StoreOptions.parse(settings, DEFAULT_URL);
        Dialect dialect = Dialect.ofUrl(options.url(), options.shownUrl());
        HikariDataSource pool = pool(options);
        try {
            Database db = new Database(jdbi(pool, options), dialect, options.names(), options.shownUrl(),
                    options.password());
            prepareSchema(db, options, jdbi(pool, options));
            return new JdbcStore(db, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Opens a store on the host's {@code dataSource}, which the store never closes. Only the settings
     * {@code migrate} and {@code schema} apply. On an embedded H2 database the host should open it with
     * {@code WRITE_DELAY=0}, as the store does with its own pool, for a crash never to leave a commit half written.
     *
     * @throws StoreException as {@link #open(Settings)}, and when the database is neither PostgreSQL nor H2
     */
    public static JdbcStore open(DataSource dataSource, Settings settings) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(settings, "settings");
        StoreOptions options = StoreOptions.parseForDataSource(settings);
        Dialect dialect = JdbcMigrations.detect(dataSource);
        Database db = new Database(jdbi(dataSource, options), dialect, options.names(),
                "the host's " + dialect.name() + " DataSource", "");
        prepareSchema(db, options, jdbi(dataSource, options));
        return new JdbcStore(db, null);
    }

    private static Jdbi jdbi(DataSource dataSource, StoreOptions options) {
        Jdbi jdbi = Jdbi.create(dataSource);
        jdbi.getConfig(SqlStatements.class).setQueryTimeout(StoreOptions.seconds(options.statementTimeout()));
        return jdbi;
    }

    private static void prepareSchema(Database db, StoreOptions options, Jdbi jdbi) {
        var migrations = new JdbcMigrations(jdbi, db.dialect(), db.names(), db.where());
        if (options.migrate()) {
            migrations.migrate();
        } else {
            migrations.requireLatest();
        }
    }

    private static HikariDataSource pool(StoreOptions options) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("openevolve-jdbc-store");
        config.setJdbcUrl(options.url());
        if (!options.user().isEmpty()) {
            config.setUsername(options.user());
        }
        if (!options.password().isEmpty()) {
            config.setPassword(options.password());
        }
        options.tls().driverProperties().forEach(config::addDataSourceProperty);
        config.setMaximumPoolSize(options.poolSize());
        config.setConnectionTimeout(options.connectTimeout().toMillis());
        config.setValidationTimeout(Math.min(5_000, Math.max(250, options.connectTimeout().toMillis() / 2)));
        if (Dialect.ofUrl(options.url(), options.shownUrl()) == Dialect.POSTGRESQL) {
            config.addDataSourceProperty("connectTimeout", seconds(options.connectTimeout()));
            config.addDataSourceProperty("loginTimeout", seconds(options.connectTimeout()));
            config.addDataSourceProperty("socketTimeout", seconds(options.socketTimeout()));
        }
        config.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            String reason = Secrets.scrub(Secrets.scrub(Database.reason(e), options.password()),
                    options.tls().driverProperties().get(TlsOptions.PASSWORD));
            throw new StoreException("cannot connect to " + options.shownUrl()
                    + (options.user().isEmpty() ? "" : " as user '" + options.user() + "'")
                    + (options.password().isEmpty() ? "" : " (password ****)") + ": " + reason);
        }
    }

    /** Whole seconds as text: driver properties are read with {@code Properties.getProperty}, which ignores non-strings. */
    private static String seconds(java.time.Duration d) {
        return String.valueOf(StoreOptions.seconds(d));
    }

    @Override
    public ProgramStore programs() {
        return programs;
    }

    @Override
    public MetricsStore metrics() {
        return metrics;
    }

    @Override
    public PatternStore patterns() {
        return patterns;
    }

    @Override
    public SuggestionStore suggestions() {
        return suggestions;
    }

    @Override
    public EventStore events() {
        return events;
    }

    @Override
    public RolloutStore rollout() {
        return rollout;
    }

    @Override
    public AuditStore audit() {
        return audit;
    }

    /** Closes the store's own pool, if it has one; a host's DataSource stays open. Idempotent. */
    @Override
    public void close() {
        if (db.close() && ownedPool != null) {
            ownedPool.close();
        }
    }

    @Override
    public String toString() {
        return "JdbcStore[" + db.where() + "]";
    }
}
