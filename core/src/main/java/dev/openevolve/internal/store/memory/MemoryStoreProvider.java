package dev.openevolve.internal.store.memory;

import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Store;
import dev.openevolve.spi.StoreProvider;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Store provider {@code memory}: opens a {@link MemoryStore}. The only setting is
 * {@code max_samples} (default {@link MemoryStore#DEFAULT_MAX_SAMPLES}); any other key is rejected.
 * Stateless and thread safe.
 */
public final class MemoryStoreProvider implements StoreProvider {

    /** The provider id. */
    public static final String ID = "memory";

    private static final String MAX_SAMPLES = "max_samples";

    /** For {@link java.util.ServiceLoader}. */
    public MemoryStoreProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * Opens a new, empty memory store.
     *
     * @throws OpenEvolveException when a setting is unknown or {@code max_samples} is not a positive integer
     */
    @Override
    public Store open(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        Set<String> unknown = new TreeSet<>(settings.asMap().keySet());
        unknown.remove(MAX_SAMPLES);
        if (!unknown.isEmpty()) {
            throw new OpenEvolveException("store 'memory' does not know the setting(s) " + unknown
                    + "; it accepts only '" + MAX_SAMPLES + "'");
        }
        int max = settings.getInt(MAX_SAMPLES, MemoryStore.DEFAULT_MAX_SAMPLES);
        if (max < 1) {
            throw new OpenEvolveException("setting '" + MAX_SAMPLES + "' must be at least 1 but was " + max);
        }
        return MemoryStore.create(max);
    }
}
