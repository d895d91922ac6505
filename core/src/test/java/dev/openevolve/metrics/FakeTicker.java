package dev.openevolve.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A monotonic nanosecond source a test drives: each read advances it by {@code step}; {@link #advance} adds more. */
final class FakeTicker implements LongSupplier {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final long step;

    FakeTicker(long step) {
        this.step = step;
    }

    @Override
    public long getAsLong() {
        return now.getAndAdd(step);
    }

    void advance(long nanos) {
        now.addAndGet(nanos);
    }
}
