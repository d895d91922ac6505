package dev.openevolve.store.jdbc;

import dev.openevolve.spi.Settings;
import dev.openevolve.spi.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The TLS settings of a PostgreSQL connection, passed to the driver unchanged as its connection
 * properties of the same names: {@code sslmode} (one of {@link #MODES}), {@code sslrootcert},
 * {@code sslcert}, {@code sslkey} (files that must exist) and {@code sslpassword} (the key's password,
 * masked wherever the options are shown). They are refused for H2, which has no TLS connection.
 *
 * @param driverProperties the properties handed to the PostgreSQL driver, in a stable order
 */
record TlsOptions(Map<String, String> driverProperties) {
    static final String MODE = "sslmode";
    static final String ROOT_CERT = "sslrootcert";
    static final String CERT = "sslcert";
    static final String KEY = "sslkey";
    static final String PASSWORD = "sslpassword";
    /** Every setting this record reads. */
    static final List<String> KEYS = List.of(MODE, ROOT_CERT, CERT, KEY, PASSWORD);
    /** The values {@code sslmode} accepts, as the PostgreSQL driver defines them. */
    static final List<String> MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    private static final Set<String> FILES = Set.of(ROOT_CERT, CERT, KEY);

    static final TlsOptions NONE = new TlsOptions(Map.of());

    TlsOptions {
        driverProperties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(driverProperties));
    }

    /** The TLS settings among {@code settings}, checked; {@link #NONE} when there are none. */
    static TlsOptions parse(Settings settings, Dialect dialect) {
        var properties = new LinkedHashMap<String, String>();
        for (String key : KEYS) {
            settings.get(key).map(String::strip).ifPresent(value -> properties.put(key, value));
        }
        if (properties.isEmpty()) {
            return NONE;
        }
        if (dialect != Dialect.POSTGRESQL) {
            throw new StoreException("setting(s) " + properties.keySet() + " configure TLS to PostgreSQL but the"
                    + " 'url' is not a jdbc:postgresql: URL");
        }
        String mode = properties.get(MODE);
        if (mode != null && !MODES.contains(mode)) {
            throw new StoreException("setting '" + MODE + "' must be one of " + MODES + " but was '" + mode + "'");
        }
        for (String key : FILES) {
            String file = properties.get(key);
            if (file != null && !Files.isReadable(Path.of(file))) {
                throw new StoreException("setting '" + key + "' names the file '" + file
                        + "' which does not exist or is not readable");
            }
        }
        return new TlsOptions(properties);
    }

    @Override
    public String toString() {
        var shown = new LinkedHashMap<>(driverProperties);
        shown.computeIfPresent(PASSWORD, (k, v) -> "****");
        return "TlsOptions" + shown;
    }
}
