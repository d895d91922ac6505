package dev.openevolve.plugin;

import dev.openevolve.config.StorageConfig;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Store;
import java.util.TreeMap;

/**
 * Opens the store a {@link StorageConfig} names, through its {@link dev.openevolve.spi.StoreProvider}.
 * Stateless and thread safe.
 */
public final class Stores {
    private static final String MEMORY = "memory";

    private Stores() {
    }

    /**
     * Opens the configured store; the caller owns and closes it. A {@code jdbc} store without URL uses
     * the provider's embedded default, unless host, port or database name were set (then PostgreSQL).
     * A store gets only the settings the user gave: an empty user or password is left to the provider's
     * own default, and the in-memory store, which connects to nothing, gets no connection settings (so a
     * database password set in the environment does not break a run that configures no database).
     *
     * @throws dev.openevolve.plugin.ProviderNotFoundException when the provider's artifact is missing
     */
    public static Store open(StorageConfig storage) {
        var settings = new TreeMap<String, String>();
        if (storage.provider().equals(MEMORY)) {
            return Providers.store(MEMORY).open(Settings.empty());
        }
        String url = storage.url();
        if (url.isBlank() && storage.provider().equals("jdbc") && namesServer(storage)) {
            url = "jdbc:postgresql://" + storage.host() + ":" + storage.port() + "/" + storage.name();
        }
        if (!url.isBlank()) {
            settings.put("url", url);
        }
        if (!storage.user().isBlank()) {
            settings.put("username", storage.user());
        }
        if (!storage.password().isEmpty()) {
            settings.put("password", storage.password());
        }
        return Providers.store(storage.provider()).open(Settings.of(settings));
    }

    /** Host, port or database name set away from the defaults: the user means a PostgreSQL server. */
    private static boolean namesServer(StorageConfig storage) {
        var defaults = StorageConfig.defaults();
        return !storage.host().equals(defaults.host()) || storage.port() != defaults.port()
                || !storage.name().equals(defaults.name());
    }
}
