package dev.openevolve.metrics;

import dev.openevolve.config.PerformanceConfig;
import dev.openevolve.spi.MetricsStore;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.SampleBatch;
import dev.openevolve.spi.StoreException;
import dev.openevolve.internal.store.memory.MemoryStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The sampler in front of stores that are slow, flaky or stuck, with real producer threads. */
class StoreFaultTest {

    @Test
    void eightProducersInFrontOfASlowStoreLoseUnderOnePercentOnceTheRateIsLowered() throws Exception {
        SlowStore store = new SlowStore(5);
        PerformanceConfig adaptive = new PerformanceConfig(1.0, true, 100, 500, Duration.ofMillis(200), 16_384, 0);
        MetricsSampler sampler = MetricsSampler.create(adaptive, store);
        Producers producers = new Producers(sampler, 8, 2_000);
        producers.start();
        Thread.sleep(1_500);
        SamplerStats settled = sampler.stats();
        long sampledBefore = producers.sampled();
        Thread.sleep(2_000);
        SamplerStats after = sampler.stats();
        long sampledAfter = producers.sampled();
        producers.stop();
        sampler.close();

        long dropped = after.dropped() - settled.dropped();
        long sampled = sampledAfter - sampledBefore;
        assertThat(settled.dropped() + settled.recorded()).isPositive();
        assertThat(after.effectiveRate()).as("the rate was lowered for the store").isLessThan(1.0);
        assertThat(sampled).isPositive();
        assertThat(100.0 * dropped / sampled).as("%% dropped of %d sampled after lowering", sampled).isLessThan(1.0);
        SamplerStats end = sampler.stats();
        assertThat(end.recorded() + end.dropped()).isEqualTo(producers.sampled());
        assertThat(end.flushed()).isEqualTo(end.recorded()).isEqualTo(store.stored.get());
    }

    @Test
    void aStoreFailingOneWriteInThreeLosesAtMostOneBatchPerFailureBurst() throws Exception {
        // room for everything the producers record in 1.5 s: a store that evicted the oldest would keep fewer than
        // were written
        MemoryStore memory = MemoryStore.create(8_000_000);
        FlakyStore store = new FlakyStore(memory.metrics(), 3);
        int batchSize = 200;
        PerformanceConfig config = new PerformanceConfig(1.0, false, 5, batchSize, Duration.ofMillis(100), 8_192, 0);
        MetricsSampler sampler = MetricsSampler.create(config, store);
        // 20 us operations, about 100 000 samples a second from both: what is lost is lost to the failures, not to a
        // background thread that two spinning producers (and, in CI, other tests) leave too little CPU to keep up
        // with a million a second (2 us operations lost 149 069 of about a million that way with the machine loaded)
        Producers producers = new Producers(sampler, 2, 20_000);
        producers.start();
        Thread.sleep(1_500);
        producers.stop();
        assertThat(sampler.flush(Duration.ofSeconds(10))).isTrue();
        sampler.close();

        SamplerStats stats = sampler.stats();
        assertThat(store.failures.get()).isGreaterThanOrEqualTo(3);
        assertThat(stats.flushFailures()).isEqualTo(store.failures.get());
        assertThat(stats.dropped()).as("lost with %d failure bursts", store.bursts.get())
                .isLessThanOrEqualTo((long) batchSize * store.bursts.get());
        assertThat(stats.recorded() + stats.dropped()).isEqualTo(producers.sampled());
        List<PerformanceSample> kept = memory.metrics().find(Instant.EPOCH, Instant.now().plusSeconds(60), 8_000_000);
        assertThat((long) kept.size()).isEqualTo(stats.recorded()).isEqualTo(stats.flushed());
    }

    @Test
    void closeReturnsWithinItsBoundFromAStoreThatBlocksAndIgnoresInterrupts() throws Exception {
        StuckStore store = new StuckStore();
        List<Thread> made = new ArrayList<>();
        MetricsSampler sampler = MetricsSampler.builder(Configs.config(1.0, 10, 1_000), store)
                .closeTimeout(Duration.ofMillis(300))
                .threadFactory(keeping(made, "stuck-store-flusher")).build();
        BufferingTest.record(sampler, 25);
        assertThat(store.entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(sampler.flush(Duration.ofMillis(50))).as("flush(timeout) gives up on a stuck store").isFalse();

        assertTimeoutPreemptively(Duration.ofSeconds(10), sampler::close);

        SamplerStats closed = sampler.stats();
        assertThat(closed.buffered()).as("unwritten at close").isEqualTo(25);
        assertThat(closed.flushed()).isZero();
        assertThat(store.interrupts.get()).as("the store's thread is abandoned, not interrupted").isZero();
        Thread flusher = made.get(0);
        assertThat(flusher.isAlive()).as("still inside the store").isTrue();

        store.release();
        flusher.join(10_000);
        assertThat(flusher.isAlive()).as("the abandoned thread ends once the store returns").isFalse();
        assertThat(store.attempts.get()).as("no append after it was abandoned").isEqualTo(1);
        assertThat(sampler.start("c", "after").sampled()).isFalse();
    }

    @Test
    void closeWithAHealthyStoreWritesEverythingAndLeavesNoThread() throws Exception {
        List<Thread> made = new ArrayList<>();
        RecordingStore store = new RecordingStore();
        MetricsSampler sampler = MetricsSampler.builder(Configs.config(1.0, 100, 10_000), store)
                .threadFactory(keeping(made, "healthy-flusher")).build();
        BufferingTest.record(sampler, 1_234);

        sampler.close();

        assertThat(made.get(0).isAlive()).isFalse();
        assertThat(sampler.stats().buffered()).isZero();
        assertThat(store.samples()).hasSize(1_234);
    }

    @Test
    void aSampledOperationAllocatesNothingOnTheHostThread() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        MemoryStore memory = MemoryStore.create(10_000);
        try (MetricsSampler sampler = MetricsSampler.create(Configs.config(1.0, 1_000, 65_536), memory.metrics())) {
            for (int i = 0; i < 50_000; i++) {
                sampler.start("checkout", "price").close();
            }
            sampler.flush(Duration.ofSeconds(10));
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                try (Operation op = sampler.start("checkout", "price")) {
                    op.fail("declined");
                }
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(sampler.stats().sampled()).isEqualTo(70_000);
            assertThat(allocated).as("bytes allocated by 20 000 sampled operations").isLessThan(20_000);
        }
    }

    private static java.util.concurrent.ThreadFactory keeping(List<Thread> made, String name) {
        return r -> {
            Thread t = new Thread(r, name);
            made.add(t);
            return t;
        };
    }

    /** Runs {@code threads} host threads doing about {@code workNanos} of work per sampled-or-not operation. */
    static final class Producers {
        private final MetricsSampler sampler;
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicLong sampled = new AtomicLong();
        private final AtomicBoolean stop = new AtomicBoolean();

        Producers(MetricsSampler sampler, int count, long workNanos) {
            this.sampler = sampler;
            for (int t = 0; t < count; t++) {
                String component = "worker" + t;
                threads.add(new Thread(() -> {
                    while (!stop.get()) {
                        try (Operation op = sampler.start(component, "op")) {
                            long until = System.nanoTime() + workNanos;
                            while (System.nanoTime() < until) {
                                Thread.onSpinWait();
                            }
                            if (op.sampled()) {
                                sampled.incrementAndGet();
                            }
                        }
                    }
                }, "producer-" + t));
            }
        }

        void start() {
            threads.forEach(Thread::start);
        }

        long sampled() {
            return sampled.get();
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    /** A real store that takes {@code millisPerBatch} per batch, as a remote database might. */
    static final class SlowStore implements MetricsStore {
        final AtomicLong stored = new AtomicLong();
        private final long millisPerBatch;

        SlowStore(long millisPerBatch) {
            this.millisPerBatch = millisPerBatch;
        }

        @Override
        public void append(SampleBatch batch) {
            try {
                Thread.sleep(millisPerBatch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted", e);
            }
            stored.addAndGet(batch.size());
        }

        @Override
        public List<PerformanceSample> find(Instant from, Instant to, int limit) {
            return List.of();
        }
    }

    /** Fails every {@code every}-th append and passes the others to a real store. */
    static final class FlakyStore implements MetricsStore {
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger bursts = new AtomicInteger();
        private final MetricsStore delegate;
        private final int every;
        private int calls;
        private boolean lastFailed;

        FlakyStore(MetricsStore delegate, int every) {
            this.delegate = delegate;
            this.every = every;
        }

        @Override
        public synchronized void append(SampleBatch batch) {
            if (++calls % every == 0) {
                failures.incrementAndGet();
                if (!lastFailed) {
                    bursts.incrementAndGet();
                }
                lastFailed = true;
                throw new StoreException("flaky store (test): write " + calls + " failed");
            }
            lastFailed = false;
            delegate.append(batch);
        }

        @Override
        public List<PerformanceSample> find(Instant from, Instant to, int limit) {
            return delegate.find(from, to, limit);
        }
    }

    /** Blocks every append until released and swallows interrupts while it waits. */
    static final class StuckStore implements MetricsStore {
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicInteger interrupts = new AtomicInteger();
        final AtomicInteger attempts = new AtomicInteger();
        private final CountDownLatch released = new CountDownLatch(1);

        void release() {
            released.countDown();
        }

        @Override
        public void append(SampleBatch batch) {
            attempts.incrementAndGet();
            entered.countDown();
            while (true) {
                try {
                    released.await();
                    return;
                } catch (InterruptedException e) {
                    interrupts.incrementAndGet();
                }
            }
        }

        @Override
        public List<PerformanceSample> find(Instant from, Instant to, int limit) {
            return List.of();
        }
    }
}
