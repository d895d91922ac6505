package dev.openevolve.config;

import java.util.Objects;

/**
 * Where programs, metrics, patterns and suggestions are stored (the seed's {@code database}
 * section). Immutable; {@link #toString()} masks the password.
 *
 * @param provider the {@link dev.openevolve.spi.StoreProvider} id: {@code memory} or {@code jdbc}
 * @param url      JDBC URL; empty to build one from host, port and name
 * @param host     database host
 * @param port     database port
 * @param name     database name
 * @param user     user name
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
        return new StorageConfig("memory", "", "localhost", 5432, "openevolve", "openevolve", "");
    }

    @Override
    public String toString() {
        return "StorageConfig[provider=" + provider + ", url=" + url + ", host=" + host + ", port=" + port
                + ", name=" + name + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "****") + "]";
    }
}
