package dev.openevolve.benchmarks;

import dev.openevolve.spi.MetricsStore;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Store;
import dev.openevolve.store.jdbc.JdbcStore;
import dev.openevolve.internal.store.memory.MemoryStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** The real stores the sampler benchmarks write to, by name. */
final class Stores {
    private Stores() {
    }

    /** An open store and what to delete when it is closed. */
    record Opened(Store store, Path directory) implements AutoCloseable {
        MetricsStore metrics() {
            return store.metrics();
        }

        @Override
        public void close() {
            store.close();
            if (directory != null) {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** {@code memory}: the built-in memory store; {@code jdbc-h2}: the jdbc store on a fresh H2 file database. */
    static Opened open(String name) {
        switch (name) {
            case "memory":
                return new Opened(MemoryStore.create(), null);
            case "jdbc-h2":
                try {
                    Path dir = Files.createTempDirectory("oe-bench-h2");
                    String url = "jdbc:h2:file:" + dir.resolve("metrics").toAbsolutePath()
                            + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
                    return new Opened(JdbcStore.open(Settings.of(Map.of("url", url))), dir);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            default:
                throw new IllegalArgumentException("store must be memory or jdbc-h2 but was " + name);
        }
    }
}
