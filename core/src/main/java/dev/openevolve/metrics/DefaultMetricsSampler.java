package dev.openevolve.metrics;

import dev.openevolve.config.PerformanceConfig;
import dev.openevolve.spi.MetricsStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The sampler: the host-thread hot path ({@link #start}, {@link #finish}), the rate in force and the lifecycle.
 * Buffering to the store is the {@link Flusher}'s job, on its own thread.
 */
final class DefaultMetricsSampler implements MetricsSampler {
    /**
     * A sampled operation whose draw has these low bits clear (one in 16) also times the sampler's own bookkeeping.
     * Low bits, because the sampling and CPU-time decisions compare the draw's magnitude: probes must not be
     * correlated with the expensive CPU-time sub-sample.
     */
    static final long PROBE_MASK = 15;
    /** A probe's bookkeeping time is clipped here: above it the thread was descheduled or stopped, not working. */
    static final long PROBE_COST_CAP_NANOS = 5_000;

    private final RandomSource random;
    private final LongSupplier ticker;
    private final ThreadResources resources;
    private final MpscRing<SampledOperation> ring;
    private final int batchSize;
    private final int cpuSampleEvery;
    private final boolean adaptive;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder probes = new LongAdder();
    private final LongAdder probeCostNanos = new LongAdder();
    private final LongAdder probeDurationNanos = new LongAdder();
    private final RateController controller;
    private final Flusher flusher;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long threshold;
    private volatile long cpuThreshold;
    private volatile double rate;
    private volatile double overheadPercent = SamplerStats.NO_ESTIMATE;
    private volatile boolean closed;
    private long lastProbes;
    private long lastProbeCost;
    private long lastProbeDuration;

    DefaultMetricsSampler(PerformanceConfig config, MetricsStore store, Clock clock, RandomSource random,
                          ThreadFactory threadFactory, Duration flushTimeout, LongSupplier ticker,
                          ThreadResources resources, boolean backgroundAdaptation) {
        this.random = random;
        this.ticker = ticker;
        this.resources = resources;
        this.ring = new MpscRing<>(config.bufferCapacity());
        this.batchSize = config.batchSize();
        this.cpuSampleEvery = config.cpuSampleEvery();
        this.adaptive = config.adaptive();
        this.controller = new RateController(config.adaptive(), config.samplingRate(), config.maxOverheadPercent());
        setRate(config.samplingRate());
        this.flusher = new Flusher(ring, store, clock, ticker, config.batchSize(), config.flushInterval(),
                flushTimeout, backgroundAdaptation ? this::adaptNow : () -> { });
        flusher.start(threadFactory);
    }

    @Override
    public Operation start(String component, String operation) {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(operation, "operation");
        long draw = random.next53();
        long limit = threshold;
        if (draw >= limit) {
            return NoopOperation.INSTANCE;
        }
        return begin(component, operation, draw, limit);
    }

    private Operation begin(String component, String operation, long draw, long limit) {
        SampledOperation op = new SampledOperation(this, component, operation);
        if ((draw & PROBE_MASK) == 0) {
            op.probe = true;
            op.probeStartNanos = ticker.getAsLong();
        }
        if (draw < cpuThreshold) {
            op.cpuAtStart = resources.cpuNanos();
        }
        op.allocatedAtStart = resources.allocatedBytes();
        op.startNanos = ticker.getAsLong();
        return op;
    }

    /** Ends a sampled operation on its host thread: read the end, buffer it, time the bookkeeping when probed. */
    void finish(SampledOperation op) {
        op.endNanos = ticker.getAsLong();
        op.allocatedAtEnd = resources.allocatedBytes();
        if (op.cpuAtStart >= 0) {
            op.cpuAtEnd = resources.cpuNanos();
        }
        long index = closed ? -1 : ring.offer(op);
        if (index < 0) {
            dropped.increment();
        } else if ((index + 1) % batchSize == 0) {
            flusher.wake();
        }
        if (op.probe) {
            long after = ticker.getAsLong();
            probes.increment();
            long cost = (op.startNanos - op.probeStartNanos) + (after - op.endNanos);
            probeCostNanos.add(Math.min(cost, PROBE_COST_CAP_NANOS));
            probeDurationNanos.add(op.endNanos - op.startNanos);
        }
    }

    /** Feeds the probes since the last call to the rate controller and applies the rate it chooses. */
    synchronized void adaptNow() {
        long p = probes.sum();
        long cost = probeCostNanos.sum();
        long duration = probeDurationNanos.sum();
        double next = controller.update(p - lastProbes, cost - lastProbeCost, duration - lastProbeDuration);
        lastProbes = p;
        lastProbeCost = cost;
        lastProbeDuration = duration;
        overheadPercent = controller.overheadPercent();
        if (adaptive && !closed) {
            setRate(next);
        }
    }

    private void setRate(double newRate) {
        long limit = newRate >= 1 ? RandomSource.BOUND : (long) (newRate * RandomSource.BOUND);
        cpuThreshold = cpuSampleEvery == 0 ? 0 : limit / cpuSampleEvery;
        threshold = limit;
        rate = newRate;
    }

    @Override
    public SamplerStats stats() {
        long flushed = ring.consumed();
        long recorded = ring.produced();
        return new SamplerStats(recorded, dropped.sum(), flushed, recorded - flushed, flusher.failures(), rate,
                overheadPercent);
    }

    @Override
    public boolean flush() {
        if (closed) {
            return ring.consumed() == ring.produced();
        }
        return flusher.flushAll();
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            closed = true;
            setRate(0);
        }
        flusher.stop();
    }

    @Override
    public String toString() {
        return "MetricsSampler[rate=" + rate + ", adaptive=" + adaptive + ", " + stats() + "]";
    }
}
