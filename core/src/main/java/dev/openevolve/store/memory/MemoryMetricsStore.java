package dev.openevolve.store.memory;

import dev.openevolve.spi.MetricsStore;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.SampleBatch;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Samples ordered by start (ties in append order), at most {@code maxSamples} of them; the oldest
 * are evicted first. Thread safe: a batch is appended all at once.
 */
final class MemoryMetricsStore implements MetricsStore {
    private final Runnable ensureOpen;
    private final TimeIndex<PerformanceSample> samples;

    MemoryMetricsStore(int maxSamples, Runnable ensureOpen) {
        this.samples = new TimeIndex<>(maxSamples);
        this.ensureOpen = ensureOpen;
    }

    @Override
    public void append(SampleBatch batch) {
        Objects.requireNonNull(batch, "batch");
        ensureOpen.run();
        samples.addAll(batch.samples(), PerformanceSample::start);
    }

    @Override
    public List<PerformanceSample> find(Instant from, Instant to, int limit) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        ensureOpen.run();
        return samples.find(from, to, limit);
    }

    long evicted() {
        return samples.evicted();
    }

    void clear() {
        samples.clear();
    }
}
