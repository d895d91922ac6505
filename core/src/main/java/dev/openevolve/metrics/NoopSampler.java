package dev.openevolve.metrics;

import java.time.Duration;
import java.util.Objects;

/** A sampler that never samples; stateless, so one instance serves every host. */
enum NoopSampler implements MetricsSampler {
    INSTANCE;

    private static final SamplerStats ZERO = new SamplerStats(0, 0, 0, 0, 0, 0, SamplerStats.NO_ESTIMATE);

    @Override
    public Operation start(String component, String operation) {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(operation, "operation");
        return NoopOperation.INSTANCE;
    }

    @Override
    public SamplerStats stats() {
        return ZERO;
    }

    @Override
    public boolean flush() {
        return true;
    }

    @Override
    public boolean flush(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return true;
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return "MetricsSampler.noop()";
    }
}
