package dev.openevolve.store.jdbc;

import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Store;
import dev.openevolve.spi.StoreProvider;

/**
 * Store provider {@code jdbc}: opens a {@link JdbcStore} from settings (see there for the keys).
 * Stateless and thread safe.
 */
public final class JdbcStoreProvider implements StoreProvider {

    /** The provider id. */
    public static final String ID = "jdbc";

    /** For {@link java.util.ServiceLoader}. */
    public JdbcStoreProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Store open(Settings settings) {
        return JdbcStore.open(settings);
    }
}
