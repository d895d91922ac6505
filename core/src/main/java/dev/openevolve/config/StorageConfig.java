package dev.openevolve.config;

import java.util.Objects;

/**
 * Where programs, metrics, patterns and suggestions are stored (the seed's {@code database}
 * section). Immutable and thread safe; {@link #toString()} masks the password, also inside the URL.
 * The canonical constructor accepts any value so that loading can report every problem at once; the
 * {@code with…} methods reject a bad argument with an {@link IllegalArgumentException} naming it, and
 * {@link OpenEvolveConfig#validate()} checks the whole tree.
 *
 * @param provider the {@link dev.openevolve.spi.StoreProvider} id: {@code memory} or {@code jdbc}
 * @param url      JDBC URL starting with {@code jdbc:}; empty to build one from host, port and name
 * @param host     database host; not blank for {@code jdbc} without a URL
 * @param port     database port, in [1, 65535]
 * @param name     database name; not blank for {@code jdbc} without a URL
 * @param user     user name; empty for the store provider's own default (H2's {@code sa}, the driver's for PostgreSQL)
 * @param password password, never printed
 */
public record StorageConfig(String provider, String url, String host, int port, String name, String user,
                            String password) {
    public StorageConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** The in-memory store. */
    public static StorageConfig defaults() {
        return new StorageConfig("memory", "", "localhost", 5432, "openevolve", "", "");
    }

    /** A copy with {@code provider} set; a lower-case provider id such as {@code memory} or {@code jdbc}. */
    public StorageConfig withProvider(String provider) {
        Objects.requireNonNull(provider, "provider");
        return checked(new StorageConfig(provider, url, host, port, name, user, password), "provider", "provider");
    }

    /** A copy with {@code url} set; empty or starting with {@code jdbc:}. */
    public StorageConfig withUrl(String url) {
        Objects.requireNonNull(url, "url");
        return checked(new StorageConfig(provider, url, host, port, name, user, password), "url", "url");
    }

    /** A copy with {@code host} set. */
    public StorageConfig withHost(String host) {
        Objects.requireNonNull(host, "host");
        return new StorageConfig(provider, url, host, port, name, user, password);
    }

    /** A copy with {@code port} set; in [1, 65535]. */
    public StorageConfig withPort(int port) {
        return checked(new StorageConfig(provider, url, host, port, name, user, password), "port", "port");
    }

    /** A copy with {@code name} set. */
    public StorageConfig withName(String name) {
        Objects.requireNonNull(name, "name");
        return new StorageConfig(provider, url, host, port, name, user, password);
    }

    /** A copy with {@code user} set. */
    public StorageConfig withUser(String user) {
        Objects.requireNonNull(user, "user");
        return new StorageConfig(provider, url, host, port, name, user, password);
    }

    /** A copy with {@code password} set. */
    public StorageConfig withPassword(String password) {
        Objects.requireNonNull(password, "password");
        return new StorageConfig(provider, url, host, port, name, user, password);
    }

    private static StorageConfig checked(StorageConfig candidate, String key, String argument) {
        return ConfigValidator.checked(candidate, (c, p) -> ConfigValidator.storage(c, "", p), key, argument);
    }

    /** Every field, the password (also one inside the URL) replaced by {@code ****}. */
    @Override
    public String toString() {
        return "StorageConfig[provider=" + provider + ", url=" + Rules.maskUrlSecrets(url) + ", host=" + host
                + ", port=" + port + ", name=" + name + ", user=" + user + ", password="
                + (password.isEmpty() ? "" : "****") + "]";
    }
}
