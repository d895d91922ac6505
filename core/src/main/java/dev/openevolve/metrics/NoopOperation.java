package dev.openevolve.metrics;

import java.util.Objects;

/** The shared handle of every unsampled operation: stateless, so one instance serves all threads. */
enum NoopOperation implements Operation {
    INSTANCE;

    @Override
    public Operation context(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return this;
    }

    @Override
    public Operation fail(String message) {
        return this;
    }

    @Override
    public Operation fail(Throwable error) {
        Objects.requireNonNull(error, "error");
        return this;
    }

    @Override
    public boolean sampled() {
        return false;
    }

    @Override
    public void close() {
        // nothing was measured
    }
}
