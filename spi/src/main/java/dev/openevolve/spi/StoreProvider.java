package dev.openevolve.spi;

/**
 * Opens {@link Store}s of one kind (for example {@code memory}, {@code jdbc}); found by
 * {@link java.util.ServiceLoader} under {@link #id()}. Public no-argument constructor,
 * stateless, thread safe.
 */
public interface StoreProvider {

    /** The stable id the host names in configuration, lower case. */
    String id();

    /**
     * Opens a store.
     *
     * @param settings backend options such as {@code url}, {@code username}, {@code password};
     *                 a wrong option or an unreachable database fails fast naming it (password masked)
     */
    Store open(Settings settings);
}
