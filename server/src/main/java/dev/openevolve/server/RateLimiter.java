package dev.openevolve.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key: {@code capacity} requests at once, refilled at {@code capacity} per {@code period}.
 * Thread safe; the clock is injected (nanoseconds, monotonic).
 */
final class RateLimiter {
    private final double capacity;
    private final double perNano;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    RateLimiter(int capacity, Duration period, LongSupplier nanos) {
        this.capacity = capacity;
        this.perNano = capacity / (double) period.toNanos();
        this.nanos = nanos;
    }

    /** Takes one request for {@code key}: zero when allowed, else the whole seconds to wait before the next. */
    long acquire(String key) {
        long now = nanos.getAsLong();
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        synchronized (b) {
            b.tokens = Math.min(capacity, b.tokens + (now - b.updated) * perNano);
            b.updated = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            double waitNanos = (1 - b.tokens) / perNano;
            return Math.max(1, (long) Math.ceil(waitNanos / 1e9));
        }
    }
}
