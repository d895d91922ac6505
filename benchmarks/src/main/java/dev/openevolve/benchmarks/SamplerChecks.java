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

    /** Host-thread CPU nanoseconds per operation, medians over alternating rounds. */
    record CpuCost(String size, double bare, double sampledAtSeedRate, double sampledEveryOperation,
                   double micrometer) {
        double seedOverheadPercent() {
            return 100 * (sampledAtSeedRate - bare) / bare;
        }

        double recordNanos() {
            return sampledEveryOperation - bare;
        }

        double micrometerNanos() {
            return micrometer - bare;
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
     * What the sampler costs the host thread in thread CPU time, which a shared machine disturbs far less than wall
     * time (time the thread is descheduled is not counted): operations of {@code tokens} of CPU work, bare, inside
     * a sampler at the seed defaults (rate 0.1) and at rate 1.0, both into the memory store, and inside
     * Micrometer's timer, in {@code rounds} alternating rounds of {@code ops} operations; medians. The background
     * thread's own CPU is not included.
     */
    @SuppressWarnings("try") // the operation handles only time their blocks
    static CpuCost cpuCost(String size, long tokens, int rounds, int ops) {
        com.sun.management.ThreadMXBean bean =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        MemoryStore seedStore = MemoryStore.create();
        MemoryStore everyStore = MemoryStore.create();
        MetricsSampler seed = MetricsSampler.create(PerformanceConfig.defaults(), seedStore.metrics());
        MetricsSampler every = MetricsSampler.create(PerformanceConfig.defaults().withSamplingRate(1.0),
                everyStore.metrics());
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.Timer timer =
                io.micrometer.core.instrument.Timer.builder("checks.op").register(registry);
        Runnable bare = () -> Blackhole.consumeCPU(tokens);
        Runnable seedOp = () -> {
            try (Operation op = seed.start("checks", "op")) {
                Blackhole.consumeCPU(tokens);
            }
        };
        Runnable everyOp = () -> {
            try (Operation op = every.start("checks", "op")) {
                Blackhole.consumeCPU(tokens);
            }
        };
        Runnable micrometer = () -> {
            io.micrometer.core.instrument.Timer.Sample sample = io.micrometer.core.instrument.Timer.start(registry);
            Blackhole.consumeCPU(tokens);
            sample.stop(timer);
        };
        Runnable[] cases = {bare, seedOp, everyOp, micrometer};
        double[][] perRound = new double[cases.length][rounds];
        for (int warm = 0; warm < 2; warm++) {
            for (Runnable c : cases) {
                cpuPerOp(bean, c, ops);
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < cases.length; k++) {
                int c = (k + r) % cases.length;
                perRound[c][r] = cpuPerOp(bean, cases[c], ops);
            }
        }
        seed.close();
        every.close();
        registry.close();
        return new CpuCost(size, median(perRound[0]), median(perRound[1]), median(perRound[2]),
                median(perRound[3]));
    }

    private static double cpuPerOp(com.sun.management.ThreadMXBean bean, Runnable body, int ops) {
        long start = bean.getCurrentThreadCpuTime();
        for (int i = 0; i < ops; i++) {
            body.run();
        }
        return (bean.getCurrentThreadCpuTime() - start) / (double) ops;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
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
