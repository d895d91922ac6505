package dev.openevolve.store.jdbc;

import dev.openevolve.spi.Settings;
import dev.openevolve.spi.StoreException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validated settings of a jdbc store. {@link #toString()} masks the password.
 *
 * @param url            the JDBC URL
 * @param user           the user name, empty for the driver's default
 * @param password       the password, empty for none
 * @param poolSize       the number of pooled connections
 * @param migrate        whether opening runs the schema migrations
 * @param names          the schema the tables live in
 * @param connectTimeout   how long to wait for a connection (from the pool, and for a new one to log in)
 * @param socketTimeout    how long a read from the server may block before the connection is given up
 *                         (PostgreSQL; an embedded H2 has no socket)
 * @param statementTimeout how long one statement may run before the driver cancels it
 * @param tls              the TLS settings passed to the PostgreSQL driver
 */
record StoreOptions(String url, String user, String password, int poolSize, boolean migrate, Names names,
                    Duration connectTimeout, Duration socketTimeout, Duration statementTimeout, TlsOptions tls) {

    static final String URL = "url";
    static final String HOST = "host";
    static final String PORT = "port";
    static final String DATABASE = "database";
    static final String USERNAME = "username";
    static final String USER = "user";
    static final String PASSWORD = "password";
    static final String POOL_SIZE = "pool_size";
    static final String MIGRATE = "migrate";
    static final String SCHEMA = "schema";
    static final String CONNECT_TIMEOUT = "connect_timeout_seconds";
    static final String SOCKET_TIMEOUT = "socket_timeout_seconds";
    static final String STATEMENT_TIMEOUT = "statement_timeout_seconds";

    private static final List<String> ALL = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(URL, HOST, PORT, DATABASE, USERNAME, USER, PASSWORD, POOL_SIZE, MIGRATE, SCHEMA, CONNECT_TIMEOUT,
                    SOCKET_TIMEOUT, STATEMENT_TIMEOUT),
            TlsOptions.KEYS.stream()).toList();
    private static final List<String> WITH_DATA_SOURCE = List.of(MIGRATE, SCHEMA, STATEMENT_TIMEOUT);

    /** The URL shown in messages: secret parameters masked. */
    String shownUrl() {
        return Secrets.maskUrl(url);
    }

    /** Options for a store that makes its own pool. */
    static StoreOptions parse(Settings settings, String defaultUrl) {
        rejectUnknown(settings, ALL, "");
        String url = settings.get(URL, serverUrl(settings).orElse(defaultUrl)).strip();
        if (url.isEmpty()) {
            throw new StoreException("setting 'url' must be a JDBC URL but was blank");
        }
        Dialect dialect = Dialect.ofUrl(url, Secrets.maskUrl(url));
        if (dialect == Dialect.H2) {
            url = writingEachCommit(url);
        }
        Optional<String> username = settings.get(USERNAME);
        Optional<String> user = settings.get(USER);
        if (username.isPresent() && user.isPresent() && !username.equals(user)) {
            throw new StoreException("settings 'username' and 'user' name the same thing but differ: '"
                    + username.get() + "' and '" + user.get() + "'; give only one");
        }
        String name = username.or(() -> user).orElse(url.startsWith("jdbc:h2:") ? "sa" : "");
        int poolSize = settings.getInt(POOL_SIZE, 4);
        if (poolSize < 1 || poolSize > 200) {
            throw new StoreException("setting 'pool_size' must be between 1 and 200 but was " + poolSize);
        }
        Duration timeout = timeout(settings, CONNECT_TIMEOUT, Duration.ofSeconds(10), Duration.ofMillis(250));
        Duration socket = timeout(settings, SOCKET_TIMEOUT, Duration.ofSeconds(60), Duration.ofSeconds(1));
        return new StoreOptions(url, name, settings.get(PASSWORD, ""), poolSize, settings.getBoolean(MIGRATE, true),
                names(settings), timeout, socket, statementTimeout(settings), TlsOptions.parse(settings, dialect));
    }

    /**
     * The PostgreSQL URL that {@code host}, {@code port} or {@code database} name (defaults {@code localhost},
     * {@code 5432}, {@code openevolve}); empty when none of them is set.
     */
    private static Optional<String> serverUrl(Settings settings) {
        if (settings.get(HOST).isEmpty() && settings.get(PORT).isEmpty() && settings.get(DATABASE).isEmpty()) {
            return Optional.empty();
        }
        String host = settings.get(HOST, "localhost").strip();
        String database = settings.get(DATABASE, "openevolve").strip();
        int port = settings.getInt(PORT, 5432);
        if (host.isEmpty() || database.isEmpty()) {
            throw new StoreException("settings 'host' and 'database' must not be blank but were '" + host + "' and '"
                    + database + "'");
        }
        if (port < 1 || port > 65_535) {
            throw new StoreException("setting 'port' must be between 1 and 65535 but was " + port);
        }
        return Optional.of("jdbc:postgresql://" + host + ":" + port + "/" + database);
    }

    /**
     * An embedded H2 URL with {@code WRITE_DELAY=0}, added when the URL does not set it: each commit is written to
     * the file before it returns, by the committing thread, never by H2's background writer while another
     * transaction commits (see {@link Database#inTransaction}). In-memory and server URLs are returned as given.
     */
    static String writingEachCommit(String url) {
        String location = url.substring("jdbc:h2:".length()).toLowerCase(Locale.ROOT);
        if (location.startsWith("mem:") || location.startsWith("tcp:") || location.startsWith("ssl:")) {
            return url;
        }
        String[] parts = url.split(";");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0 && parts[i].substring(0, eq).strip().equalsIgnoreCase("WRITE_DELAY")) {
                if (!parts[i].substring(eq + 1).strip().equals("0")) {
                    throw new StoreException("setting 'url' must leave WRITE_DELAY of an embedded H2 database at 0"
                            + " (each commit written to the file before it returns) but was '" + parts[i].strip()
                            + "' in '" + Secrets.maskUrl(url) + "'");
                }
                return url;
            }
        }
        return url + (url.endsWith(";") ? "" : ";") + "WRITE_DELAY=0";
    }

    private static Duration statementTimeout(Settings settings) {
        return timeout(settings, STATEMENT_TIMEOUT, Duration.ofSeconds(30), Duration.ofSeconds(1));
    }

    /** A timeout setting in seconds, at least {@code min}; whole seconds only where the driver takes seconds. */
    private static Duration timeout(Settings settings, String key, Duration fallback, Duration min) {
        Duration value = settings.getSeconds(key, fallback);
        if (value.compareTo(min) < 0) {
            throw new StoreException("setting '" + key + "' must be at least " + min.toMillis() / 1000.0
                    + " but was '" + settings.get(key, "") + "'");
        }
        return value;
    }

    /** Whole seconds, rounded up: JDBC and the PostgreSQL driver take their timeouts in seconds. */
    static int seconds(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, (d.toMillis() + 999) / 1000);
    }

    /** Options for a store on a host-provided DataSource: only {@code migrate}, {@code schema} and the statement timeout apply. */
    static StoreOptions parseForDataSource(Settings settings) {
        rejectUnknown(settings, WITH_DATA_SOURCE, " with a host-provided DataSource (the host configures the"
                + " connection)");
        return new StoreOptions("", "", "", 0, settings.getBoolean(MIGRATE, true), names(settings), Duration.ZERO,
                Duration.ZERO, statementTimeout(settings), TlsOptions.NONE);
    }

    private static Names names(Settings settings) {
        return new Names(settings.get(SCHEMA).map(String::strip).filter(s -> !s.isEmpty()));
    }

    private static void rejectUnknown(Settings settings, List<String> known, String context) {
        Set<String> unknown = new TreeSet<>(settings.asMap().keySet());
        known.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new StoreException("store 'jdbc' does not accept the setting(s) " + unknown + context
                    + "; it accepts " + known);
        }
    }

    @Override
    public String toString() {
        return "StoreOptions[url=" + shownUrl() + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "****")
                + ", poolSize=" + poolSize + ", migrate=" + migrate + ", " + names.describe() + ", connectTimeout="
                + connectTimeout + ", socketTimeout=" + socketTimeout + ", statementTimeout=" + statementTimeout
                + (tls.driverProperties().isEmpty() ? "" : ", tls=" + tls) + "]";
    }
}
