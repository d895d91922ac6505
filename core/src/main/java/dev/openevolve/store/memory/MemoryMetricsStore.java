package dev.openevolve.store.memory;

import dev.openevolve.spi.MetricsStore;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.SampleBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Samples ordered by start (ties in append order), at most {@code maxSamples} of them; the oldest
 * are evicted first. Thread safe: one lock guards the map, so a batch is appended all at once.
 */
final class MemoryMetricsStore implements MetricsStore {

    private record Key(Instant start, long sequence) {
    }

    private static final Comparator<Key> ORDER =
            Comparator.comparing(Key::start).thenComparingLong(Key::sequence);

    private final int maxSamples;
    private final Runnable ensureOpen;
    private final TreeMap<Key, PerformanceSample> samples = new TreeMap<>(ORDER);
    private long sequence;
    private long evicted;

    MemoryMetricsStore(int maxSamples, Runnable ensureOpen) {
        this.maxSamples = maxSamples;
        this.ensureOpen = ensureOpen;
    }

    @Override
    public void append(SampleBatch batch) {
        Objects.requireNonNull(batch, "batch");
        ensureOpen.run();
        synchronized (samples) {
            for (PerformanceSample s : batch.samples()) {
                samples.put(new Key(s.start(), sequence++), s);
            }
            while (samples.size() > maxSamples) {
                samples.pollFirstEntry();
                evicted++;
            }
        }
    }

    @Override
    public List<PerformanceSample> find(Instant from, Instant to, int limit) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative but was " + limit);
        }
        ensureOpen.run();
        if (limit == 0 || !from.isBefore(to)) {
            return List.of();
        }
        synchronized (samples) {
            var range = samples.subMap(new Key(from, Long.MIN_VALUE), true, new Key(to, Long.MIN_VALUE), false);
            var result = new ArrayList<PerformanceSample>(Math.min(limit, range.size()));
            for (PerformanceSample s : range.values()) {
                if (result.size() == limit) {
                    break;
                }
                result.add(s);
            }
            return List.copyOf(result);
        }
    }

    long evicted() {
        synchronized (samples) {
            return evicted;
        }
    }

    void clear() {
        synchronized (samples) {
            samples.clear();
        }
    }
}
