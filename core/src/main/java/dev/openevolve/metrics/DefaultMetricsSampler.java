package dev.openevolve.metrics;

import dev.openevolve.config.PerformanceConfig;
import dev.openevolve.spi.MetricsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The sampler: the host-thread hot path ({@link #start}, {@link #finish}), the rate in force and the lifecycle.
 * Handing the buffer to the store is the {@link Flusher}'s job, on its own thread.
 */
final class DefaultMetricsSampler implements MetricsSampler {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultMetricsSampler.class);
    /**
     * A sampled operation whose draw has these low bits clear (one in 64) also times the sampler's own bookkeeping.
     * Low bits, because the sampling and CPU-time decisions compare the draw's magnitude: probes must not be
     * correlated with the expensive CPU-time sub-sample.
     */
    static final long PROBE_MASK = 63;
    /** A probe's bookkeeping time is clipped here: above it the thread was descheduled or stopped, not working. */
    static final long PROBE_COST_CAP_NANOS = 5_000;
    /** In adaptive mode a buffer fuller than this after a batch, and growing, halves the rate. */
    static final double BACKLOG_HIGH = 0.5;
    /**
     * In adaptive mode a buffer emptier than this (or than one batch) at a tick lets the store's limit on the rate
     * double again.
     */
    static final double BACKLOG_LOW = 0.125;
    /**
     * After a cut of the rate the buffer may stay full, and drop, for a moment while it drains; drops after this
     * long mean the rate is still above what the store takes, and cut it again.
     */
    static final long CUT_SETTLE_NANOS = 20_000_000;

    private final RandomSource random;
    private final LongSupplier ticker;
    private final ThreadResources resources;
    private final SampleBuffer buffer;
    private final int batchSize;
    private final int cpuSampleEvery;
    private final int allocationSampleEvery;
    private final boolean adaptive;
    private final double rateFloor;
    private final Duration flushTimeout;
    private final Duration closeTimeout;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder probes = new LongAdder();
    private final LongAdder probeCostNanos = new LongAdder();
    private final LongAdder probeDurationNanos = new LongAdder();
    private final ThreadLocal<SampledOperation.HandleCache> handles =
            ThreadLocal.withInitial(SampledOperation.HandleCache::new);
    private final RateController controller;
    private final Flusher flusher;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long threshold;
    private volatile long cpuThreshold;
    private volatile long allocationThreshold;
    /** The larger of the two thresholds above: below it the draw takes at least one of the readings. */
    private volatile long resourceThreshold;
    private volatile double rate;
    private volatile double overheadPercent = SamplerStats.NO_ESTIMATE;
    private volatile boolean closed;
    private long lastProbes;
    private long lastProbeCost;
    private long lastProbeDuration;
    private double storeLimit = 1;
    private long backlogAtLastCut;
    private long droppedAtLastCut;
    private long lastCutAt;
    private long droppedAtLastTick;

    DefaultMetricsSampler(PerformanceConfig config, MetricsStore store, Clock clock, RandomSource random,
                          ThreadFactory threadFactory, Duration flushTimeout, Duration closeTimeout,
                          LongSupplier ticker, ThreadResources resources, boolean backgroundAdaptation,
                          int allocationSampleEvery) {
        this.random = random;
        this.ticker = ticker;
        this.resources = resources;
        this.buffer = new SampleBuffer(config.bufferCapacity());
        this.batchSize = config.batchSize();
        this.cpuSampleEvery = config.cpuSampleEvery();
        this.allocationSampleEvery = allocationSampleEvery;
        this.adaptive = config.adaptive();
        this.rateFloor = Math.min(config.samplingRate(), RateController.MIN_RATE);
        this.flushTimeout = flushTimeout;
        this.closeTimeout = closeTimeout;
        this.lastCutAt = ticker.getAsLong() - CUT_SETTLE_NANOS;
        this.controller = new RateController(config.adaptive(), config.samplingRate(), config.maxOverheadPercent());
        setRate(config.samplingRate());
        this.flusher = new Flusher(buffer, store, clock, ticker, config.batchSize(), config.flushInterval(),
                backgroundAdaptation ? this::adaptNow : this::reportDrops, this::onBacklog);
        flusher.start(threadFactory);
    }

    @Override
    public Operation start(String component, String operation) {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(operation, "operation");
        long draw = random.next53();
        if (draw >= threshold) {
            return NoopOperation.INSTANCE;
        }
        return begin(component, operation, draw);
    }

    /**
     * Readies the thread's handle and reads the start. The resource reads are decided by the draw's magnitude
     * (below {@code allocationThreshold}: allocated bytes; below {@code cpuThreshold}: CPU time; the rarer
     * sub-sample is then a subset of the other), the probe by its low bits; the operation's own clock is read last.
     */
    private Operation begin(String component, String operation, long draw) {
        SampledOperation.HandleCache cache = handles.get();
        SampledOperation op = cache.handle;
        if (op == null || cache.busy) { // the first, or one nested in an open operation of this thread
            op = new SampledOperation(this, cache);
            cache.handle = op;
        }
        cache.busy = true;
        op.reset(component, operation);
        if ((draw & PROBE_MASK) == 0) {
            op.probe = true;
            op.probeStartNanos = ticker.getAsLong();
        }
        if (draw < resourceThreshold) {
            readResourcesAtStart(op, draw);
        }
        op.startNanos = ticker.getAsLong();
        return op;
    }

    /** The sub-sampled readings at the start; kept out of {@link #begin}, as most samples take neither. */
    private void readResourcesAtStart(SampledOperation op, long draw) {
        op.measured = true; // finish then reads the end of each reading taken here
        op.cpuAtStart = draw < cpuThreshold ? resources.cpuNanos() : -1;
        op.allocatedAtStart = draw < allocationThreshold ? resources.allocatedBytes() : -1;
    }

    /**
     * Ends a sampled operation on the thread closing it: read the end, write it into that thread's segment, time
     * the bookkeeping when probed.
     */
    void finish(SampledOperation op) {
        op.endNanos = ticker.getAsLong();
        if (op.measured) {
            readResourcesAtEnd(op);
        }
        SampledOperation.HandleCache home = op.home;
        boolean onHome = home.owner == Thread.currentThread();
        SampledOperation.HandleCache cache = onHome ? home : handles.get();
        SampleSegment segment = cache.segment;
        if (segment == null || closed) {
            segment = takeSegment(cache);
        }
        if (segment == null) {
            dropped.increment();
        } else if (segment.write(op)) {
            // let go of it before any call: a StackOverflowError there must not leave the thread holding a
            // segment the flusher may hand to another thread
            cache.segment = null;
            cache.filledOne = true;
            segmentFilled(segment);
        }
        if (op.probe) {
            recordProbe(op);
        }
        if (onHome && home.handle == op) {
            home.busy = false;
        }
    }

    /** The sub-sampled readings at the end, in the reverse order of {@link #begin}; kept out of {@link #finish}. */
    private void readResourcesAtEnd(SampledOperation op) {
        if (op.allocatedAtStart >= 0) {
            op.allocatedAtEnd = resources.allocatedBytes();
        }
        if (op.cpuAtStart >= 0) {
            op.cpuAtEnd = resources.cpuNanos();
        }
    }

    /** The thread has no segment: take one, unless the sampler is closed or full segments hold the capacity. */
    private SampleSegment takeSegment(SampledOperation.HandleCache cache) {
        SampleSegment segment = closed ? null : buffer.take(cache.owner, !cache.filledOne);
        cache.segment = segment;
        return segment;
    }

    /**
     * A thread filled {@code full} and let go of it. The flusher polls; it is woken only when full segments hold
     * half the capacity, since a wake-up from a host thread tends to be scheduled on that thread's core and preempt
     * it.
     */
    private void segmentFilled(SampleSegment full) {
        if (buffer.halfFull(buffer.filled(full))) {
            flusher.wake();
        }
    }

    /** Times this probed operation's bookkeeping; a rare path, kept out of {@link #finish} to keep that small. */
    private void recordProbe(SampledOperation op) {
        long after = ticker.getAsLong();
        probes.increment();
        long cost = (op.startNanos - op.probeStartNanos) + (after - op.endNanos);
        probeCostNanos.add(Math.min(cost, PROBE_COST_CAP_NANOS));
        probeDurationNanos.add(op.endNanos - op.startNanos);
    }

    /**
     * Feeds the probes since the last call to the rate controller and applies the rate it chooses, within the
     * store's limit; lets that limit recover while the buffer is nearly empty.
     */
    synchronized void adaptNow() {
        long p = probes.sum();
        long cost = probeCostNanos.sum();
        long duration = probeDurationNanos.sum();
        double next = controller.update(p - lastProbes, cost - lastProbeCost, duration - lastProbeDuration);
        lastProbes = p;
        lastProbeCost = cost;
        lastProbeDuration = duration;
        overheadPercent = controller.overheadPercent();
        long buffered = buffer.buffered();
        if (buffered < Math.max(BACKLOG_LOW * buffer.capacity(), batchSize)) {
            storeLimit = Math.min(1, storeLimit * 2);
            backlogAtLastCut = 0;
        }
        if (adaptive && !closed) {
            setRate(Math.max(rateFloor, Math.min(next, storeLimit)));
        }
        reportDrops();
    }

    /**
     * In adaptive mode, halves the rate while the store falls behind: the buffer over half full and growing, or
     * full with samples dropped since the last cut had time to show ({@link #CUT_SETTLE_NANOS}).
     */
    synchronized void onBacklog(long buffered) {
        if (!adaptive || closed || buffered <= BACKLOG_HIGH * buffer.capacity()) {
            return;
        }
        long now = ticker.getAsLong();
        long droppedNow = dropped.sum();
        if (now - lastCutAt < CUT_SETTLE_NANOS) {
            droppedAtLastCut = droppedNow; // the old rate's samples still arriving
            return;
        }
        if (buffered <= backlogAtLastCut && droppedNow <= droppedAtLastCut) {
            return;
        }
        backlogAtLastCut = buffered;
        droppedAtLastCut = droppedNow;
        lastCutAt = now;
        storeLimit = Math.max(rateFloor, rate / 2);
        setRate(storeLimit);
    }

    private void reportDrops() {
        long now = dropped.sum();
        long since = now - droppedAtLastTick;
        if (since > 0 && !closed) {
            LOG.warn("{} sampled operations dropped in the last second: the buffer of {} samples was full because"
                    + " the metrics store is slower than the host or failing ({} in total)", since,
                    buffer.capacity(), now);
        }
        droppedAtLastTick = now;
    }

    private void setRate(double newRate) {
        long limit = newRate >= 1 ? RandomSource.BOUND : (long) (newRate * RandomSource.BOUND);
        cpuThreshold = cpuSampleEvery == 0 ? 0 : limit / cpuSampleEvery;
        allocationThreshold = allocationSampleEvery == 0 ? 0 : limit / allocationSampleEvery;
        resourceThreshold = Math.max(cpuThreshold, allocationThreshold);
        threshold = limit;
        rate = newRate;
    }

    @Override
    public SamplerStats stats() {
        SampleBuffer.Counts counts = buffer.counts();
        return new SamplerStats(counts.recorded(), dropped.sum(), counts.released(),
                counts.recorded() - counts.released(), flusher.failures(), rate, overheadPercent);
    }

    @Override
    public boolean flush() {
        return flush(flushTimeout);
    }

    @Override
    public boolean flush(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return flusher.flush(timeout);
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
        flusher.stop(closeTimeout);
    }

    @Override
    public String toString() {
        return "MetricsSampler[rate=" + rate + ", adaptive=" + adaptive + ", " + stats() + "]";
    }
}
