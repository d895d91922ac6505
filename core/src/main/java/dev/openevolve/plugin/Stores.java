package dev.openevolve.plugin;

import dev.openevolve.config.StorageConfig;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Store;
import java.util.TreeMap;

/**
 * Opens the store a {@link StorageConfig} names, through its {@link dev.openevolve.spi.StoreProvider}. Stateless and
 * thread safe.
 */
public final class Stores {
    private static final String MEMORY = "memory";

    private Stores() {
    }

    /**
     * Opens the configured store; the caller owns and closes it. The provider gets only the settings the user gave,
     * under the keys {@code url}, {@code host}, {@code port}, {@code database}, {@code username} and
     * {@code password}: a host, port or database name left at its default, and an empty user or password, are left
     * to the provider's own defaults (the {@code jdbc} provider, for example, opens its embedded database unless a
     * URL or a server is named). The in-memory store, which connects to nothing, gets no settings, so a database
     * password set in the environment does not break a run that configures no database.
     *
     * @throws ProviderNotFoundException when the provider's artifact is missing
     */
    public static Store open(StorageConfig storage) {
        if (storage.provider().equals(MEMORY)) {
            return Providers.store(MEMORY).open(Settings.empty());
        }
        var defaults = StorageConfig.defaults();
        var settings = new TreeMap<String, String>();
        putIf(settings, "url", storage.url(), !storage.url().isBlank());
        putIf(settings, "host", storage.host(), !storage.host().equals(defaults.host()));
        putIf(settings, "port", Integer.toString(storage.port()), storage.port() != defaults.port());
        putIf(settings, "database", storage.name(), !storage.name().equals(defaults.name()));
        putIf(settings, "username", storage.user(), !storage.user().isBlank());
        putIf(settings, "password", storage.password(), !storage.password().isEmpty());
        return Providers.store(storage.provider()).open(Settings.of(settings));
    }

    private static void putIf(TreeMap<String, String> settings, String key, String value, boolean given) {
        if (given) {
            settings.put(key, value);
        }
    }
}
