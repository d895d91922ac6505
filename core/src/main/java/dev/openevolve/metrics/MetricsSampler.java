package dev.openevolve.metrics;

import dev.openevolve.config.PerformanceConfig;
import dev.openevolve.spi.MetricsStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Samples how the host's operations perform, at a cost the host cannot feel.
 *
 * <p>Wrap an operation with {@link #start(String, String)} or one of the wrappers. A random share of operations
 * (the sampling rate) is measured: wall-clock start, monotonic duration, success or failure with its message,
 * small context and, each on its own random sub-sample, the bytes the thread allocated (1 in 16 by default, see
 * {@link Builder#allocationSampleEvery(int)}) and the thread's CPU time ({@code cpu_sample_every}); a reading not
 * taken is stored as {@code -1}. All other
 * operations get a shared no-op handle: no allocation, no lock, a few nanoseconds. A sampled operation reuses its
 * thread's handle and copies its readings into that thread's own segment of a bounded buffer of primitive
 * columns, without an atomic instruction or a cache line shared with another host thread, so it allocates nothing
 * either; one daemon thread hands the buffer to a {@link MetricsStore} in columnar batches,
 * together with process heap, RSS and CPU percent read about once a second. When the store fails, the batch stays
 * buffered and is retried at once, then with a backoff; when the buffer is full new samples are dropped and
 * counted. Nothing the sampler or the store does ever throws into host code, except argument checks ({@code null}
 * names).
 *
 * <p>In adaptive mode the sampler measures its own cost on a sub-sample of operations and lowers the rate (never
 * above the configured rate) so that its estimated cost stays under {@code maxOverheadPercent} of the
 * operations' time, raising it again when operations grow; it also halves the rate while the store falls behind
 * (the buffer over half full and growing), so it degrades before it drops. {@link #stats()} reports the chosen
 * rate.
 *
 * <p>Thread safe. Lifecycle: the host creates a sampler, shares it, and closes it once; after {@link #close()}
 * every operation is unsampled. There are no global instances.
 *
 * <pre>{@code
 * try (MetricsSampler sampler = MetricsSampler.create(config.performance(), store)) {
 *     try (Operation op = sampler.start("checkout", "price")) {
 *         op.context("currency", "EUR");
 *         price(cart);
 *     }
 *     Money total = sampler.get("checkout", "total", () -> total(cart));
 * }
 * }</pre>
 */
public interface MetricsSampler extends AutoCloseable {

    /** The most distinct context keys a sample keeps. */
    int MAX_CONTEXT_ENTRIES = 16;

    /**
     * Starts an operation; close the returned handle when it ends. Returns the shared no-op handle when the
     * operation is not sampled.
     *
     * @throws NullPointerException when {@code component} or {@code operation} is null
     */
    Operation start(String component, String operation);

    /**
     * Runs {@code body} as an operation. An exception or error it throws is recorded as a failure with its message
     * and rethrown unchanged.
     */
    default void run(String component, String operation, Runnable body) {
        Objects.requireNonNull(body, "body");
        Operation op = start(component, operation);
        try {
            body.run();
        } catch (Throwable t) {
            op.fail(t);
            throw t;
        } finally {
            op.close();
        }
    }

    /**
     * Calls {@code body} as an operation and returns its result. An exception or error it throws is recorded as a
     * failure with its message and rethrown unchanged.
     */
    default <T> T call(String component, String operation, Callable<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        Operation op = start(component, operation);
        try {
            return body.call();
        } catch (Throwable t) {
            op.fail(t);
            throw t;
        } finally {
            op.close();
        }
    }

    /**
     * Gets {@code body}'s value as an operation. An exception or error it throws is recorded as a failure with its
     * message and rethrown unchanged.
     */
    default <T> T get(String component, String operation, Supplier<T> body) {
        Objects.requireNonNull(body, "body");
        Operation op = start(component, operation);
        try {
            return body.get();
        } catch (Throwable t) {
            op.fail(t);
            throw t;
        } finally {
            op.close();
        }
    }

    /** The sampler's own metrics now. Cheap; safe to call from any thread at any time. */
    SamplerStats stats();

    /**
     * Waits until every sample recorded before this call reached the store, at most the builder's
     * {@link Builder#flushTimeout(Duration) flush timeout}; see {@link #flush(Duration)}.
     */
    boolean flush();

    /**
     * Has the background thread hand every sample recorded before this call to the store now and waits until it
     * did, at most {@code timeout}. A failing store is retried meanwhile; the samples stay buffered either way.
     * Returns at once when nothing is buffered.
     *
     * @return true when everything recorded before the call reached the store; false when the wait timed out, the
     * calling thread was interrupted, or the sampler is closed with samples left
     * @throws NullPointerException when {@code timeout} is null
     */
    boolean flush(Duration timeout);

    /**
     * Stops sampling, hands what is buffered to the store and stops the background thread, all within the
     * builder's {@link Builder#closeTimeout(Duration) close timeout} (default 2 s), whatever the store does. A thread
     * still busy in the store then is abandoned, not interrupted (an interrupt during NIO file I/O would close an
     * embedded database): it stores nothing more and ends as soon as the store returns. Samples not written are logged as lost with their count and stay counted in
     * {@link SamplerStats#buffered()}. Idempotent; never throws.
     */
    @Override
    void close();

    /** A sampler for {@code config} that flushes to {@code store}, with the system clock and random source. */
    static MetricsSampler create(PerformanceConfig config, MetricsStore store) {
        return builder(config, store).build();
    }

    /** A builder for a sampler with injected clock, random source or thread factory. */
    static Builder builder(PerformanceConfig config, MetricsStore store) {
        return new Builder(config, store);
    }

    /** A sampler that samples nothing, stores nothing and costs nothing; its wrappers still run the body. */
    static MetricsSampler noop() {
        return NoopSampler.INSTANCE;
    }

    /**
     * Builds a {@link MetricsSampler}. Not thread safe; {@link #build()} may be called more than once, each call
     * creating an independent sampler with its own background thread.
     */
    final class Builder {
        /** The default of {@link #allocationSampleEvery(int)}: allocated bytes on a random 1 in 16 samples. */
        public static final int DEFAULT_ALLOCATION_SAMPLE_EVERY = 16;
        private final PerformanceConfig config;
        private final MetricsStore store;
        private Clock clock = Clock.systemUTC();
        private RandomSource random = RandomSource.threadLocal();
        private ThreadFactory threadFactory = r -> new Thread(r, "openevolve-metrics-flusher");
        private Duration flushTimeout = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(2);
        private LongSupplier ticker = System::nanoTime;
        private ThreadResources threadResources = ThreadResources.jvm();
        private boolean backgroundAdaptation = true;
        private int allocationSampleEvery = DEFAULT_ALLOCATION_SAMPLE_EVERY;

        private Builder(PerformanceConfig config, MetricsStore store) {
            this.config = Objects.requireNonNull(config, "config");
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The wall clock that dates samples and snapshots (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Makes sampling decisions from one seeded generator shared by all threads, so a single-threaded sequence
         * of operations is sampled repeatably (default: {@code ThreadLocalRandom}, faster under contention).
         */
        public Builder randomSeed(long seed) {
            this.random = RandomSource.seeded(seed);
            return this;
        }

        /** Creates the background flusher thread (default: a thread named {@code openevolve-metrics-flusher}); the
         * sampler marks it daemon. */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
            return this;
        }

        /** How long {@link MetricsSampler#flush()} waits for the store (default 30 s); must be positive. */
        public Builder flushTimeout(Duration flushTimeout) {
            this.flushTimeout = positive("flushTimeout", flushTimeout);
            return this;
        }

        /**
         * How long {@link MetricsSampler#close()} may take at most, flushing included (default 2 s); must be
         * positive.
         */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = positive("closeTimeout", closeTimeout);
            return this;
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive but was " + value);
            }
            return value;
        }

        /**
         * Measures the bytes the thread allocated on a random 1 in {@code n} sampled operations (0 = never, 1 = every
         * one; default {@value #DEFAULT_ALLOCATION_SAMPLE_EVERY}). The other samples store {@code allocatedBytes}
         * {@code -1}, "not measured", never an estimate, so they cannot be mistaken for an operation that allocated
         * nothing. Each measured sample costs two reads of about 12–15 ns; the sub-sample keeps a sampled record as
         * cheap as a Micrometer timer. When the CPU-time sub-sample ({@code performance.cpu_sample_every}) is the rarer
         * one, every sample with CPU time also has allocated bytes. The pattern analysis averages allocation over the
         * samples that measured it and clusters by it only when every sample of a set did: choose 1 for that.
         *
         * @throws IllegalArgumentException when {@code n} is negative
         */
        public Builder allocationSampleEvery(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("allocationSampleEvery must not be negative but was " + n);
            }
            this.allocationSampleEvery = n;
            return this;
        }

        /** Test seam: the monotonic nanosecond source that times operations and the sampler's own cost. */
        Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Test seam: per-thread allocated bytes and CPU time. */
        Builder threadResources(ThreadResources threadResources) {
            this.threadResources = Objects.requireNonNull(threadResources, "threadResources");
            return this;
        }

        /** Test seam: when false the background thread never adapts the rate; tests call {@code adaptNow()}. */
        Builder backgroundAdaptation(boolean enabled) {
            this.backgroundAdaptation = enabled;
            return this;
        }

        /**
         * Validates the configuration and starts the sampler and its background thread.
         *
         * @throws IllegalArgumentException naming every rule of {@link PerformanceConfig#requireValid()} the config
         *                                  breaks: its {@code performance.*} key, the rule and the value
         */
        public MetricsSampler build() {
            config.requireValid();
            return new DefaultMetricsSampler(config, store, clock, random, threadFactory, flushTimeout, closeTimeout, ticker,
                    threadResources, backgroundAdaptation, allocationSampleEvery);
        }

    }
}
