package dev.openevolve.metrics;

import dev.openevolve.spi.MetricsStore;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.SampleBatch;
import dev.openevolve.spi.StoreException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A real in-memory store for tests that can be made to block or fail. Thread safe. */
final class RecordingStore implements MetricsStore {
    private final List<SampleBatch> batches = new ArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch entered = new CountDownLatch(1);
    private volatile int failuresLeft;
    private volatile Supplier<? extends Throwable> failure = () -> new StoreException("store down (test)");

    /** Makes append wait until {@link #open()} is called. */
    RecordingStore block() {
        gate = new CountDownLatch(1);
        return this;
    }

    void open() {
        gate.countDown();
    }

    /** Makes the next {@code n} appends throw what {@code failure} supplies. */
    RecordingStore failNext(int n, Supplier<? extends Throwable> failure) {
        this.failure = failure;
        this.failuresLeft = n;
        return this;
    }

    boolean awaitFirstAppend() throws InterruptedException {
        return entered.await(10, TimeUnit.SECONDS);
    }

    @Override
    public void append(SampleBatch batch) {
        attempts.incrementAndGet();
        entered.countDown();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", e);
        }
        if (failuresLeft > 0) {
            failuresLeft--;
            Throwable t = failure.get();
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            throw (Error) t;
        }
        synchronized (batches) {
            batches.add(batch);
        }
    }

    @Override
    public List<PerformanceSample> find(Instant from, Instant to, int limit) {
        return samples().stream()
                .filter(s -> !s.start().isBefore(from) && s.start().isBefore(to))
                .limit(limit)
                .toList();
    }

    List<SampleBatch> batches() {
        synchronized (batches) {
            return List.copyOf(batches);
        }
    }

    List<PerformanceSample> samples() {
        return batches().stream().flatMap(b -> b.samples().stream()).toList();
    }

    int attempts() {
        return attempts.get();
    }
}
