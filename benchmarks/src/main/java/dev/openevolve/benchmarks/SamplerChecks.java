package dev.openevolve.benchmarks;

import dev.openevolve.config.PerformanceConfig;
import dev.openevolve.metrics.MetricsSampler;
import dev.openevolve.metrics.Operation;
import dev.openevolve.metrics.SamplerStats;
import dev.openevolve.spi.MetricsStore;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.SampleBatch;
import dev.openevolve.internal.store.memory.MemoryStore;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sampler's behaviour under load and faults, measured outside JMH because the figures are counts, a
 * wall-clock bound or thread CPU time rather than wall time per operation: drops with many busy host threads, how
 * long {@code close()} takes in front of a store that blocks and ignores interrupts, and the host thread's CPU cost
 * per operation beside Micrometer's.
 */
final class SamplerChecks {
    private SamplerChecks() {
    }

    /** Sampled operations and drops of {@code threads} host threads running for {@code seconds}. */
    record Drops(int threads, double seconds, long operations, long sampled, long dropped, SamplerStats stats) {
        double percent() {
            return sampled == 0 ? 0 : 100.0 * dropped / sampled;
        }
    }

    /** How {@code close()} went in front of a stuck store. */
    record Close(Duration bound, double closeSeconds, long unwritten, boolean threadAliveAfterClose,
                 double threadEndSecondsAfterRelease) {
    }

    /**
     * {@code threads} host threads each running operations of {@code tokens} of CPU work ({@link Blackhole#consumeCPU})
     * for {@code seconds} inside a sampler at the seed defaults flushing to the built-in memory store.
     */
    static Drops drops(int threads, long tokens, double seconds) throws InterruptedException {
        MemoryStore store = MemoryStore.create();
        MetricsSampler sampler = MetricsSampler.create(PerformanceConfig.defaults(), store.metrics());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong operations = new AtomicLong();
        AtomicLong sampled = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                long ops = 0;
                long mine = 0;
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (!stop.get()) {
                    try (Operation op = sampler.start("checks", "op")) {
                        Blackhole.consumeCPU(tokens);
                        if (op.sampled()) {
                            mine++;
                        }
                    }
                    ops++;
                }
                operations.addAndGet(ops);
                sampled.addAndGet(mine);
            }, "checks-host-" + t);
            worker.start();
            workers.add(worker);
        }
        long start = System.nanoTime();
        go.countDown();
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        SamplerStats stats = sampler.stats();
        sampler.close();
        store.close();
        return new Drops(threads, elapsed, operations.get(), sampled.get(), sampler.stats().dropped(), stats);
    }

    /**
     * A sampler with the default close bound in front of a store whose append blocks, ignoring interrupts, until
     * {@code holdSeconds} after close returned; measures close and when the sampler's thread ends.
     */
    static Close closeWithStuckStore(double holdSeconds) throws InterruptedException {
        StuckStore store = new StuckStore();
        List<Thread> made = new ArrayList<>();
        MetricsSampler sampler = MetricsSampler.builder(PerformanceConfig.defaults().withSamplingRate(1.0), store)
                .threadFactory(r -> {
                    Thread t = new Thread(r, "checks-flusher");
                    made.add(t);
                    return t;
                }).build();
        for (int i = 0; i < 2_500; i++) {
            sampler.start("checks", "op").close();
        }
        store.entered.await(10, TimeUnit.SECONDS);
        long start = System.nanoTime();
        sampler.close();
        double closeSeconds = (System.nanoTime() - start) / 1e9;
        long unwritten = sampler.stats().buffered();
        Thread flusher = made.get(0);
        boolean alive = flusher.isAlive();
        Thread.sleep((long) (holdSeconds * 1000));
        long released = System.nanoTime();
        store.release.countDown();
        flusher.join(10_000);
        double endSeconds = flusher.isAlive() ? Double.NaN : (System.nanoTime() - released) / 1e9;
        return new Close(Duration.ofSeconds(2), closeSeconds, unwritten, alive, endSeconds);
    }

    /** Blocks every append until released, swallowing interrupts. */
    private static final class StuckStore implements MetricsStore {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void append(SampleBatch batch) {
            entered.countDown();
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException ignored) {
                    // a stuck driver call that does not answer interrupts
                }
            }
        }

        @Override
        public List<PerformanceSample> find(Instant from, Instant to, int limit) {
            return List.of();
        }
    }
}
