package dev.openevolve.metrics;

import dev.openevolve.config.PerformanceConfig;
import dev.openevolve.spi.PerformanceSample;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentRecordingTest {

    @Test
    void manyThreadsRecordWithExactTotals() throws Exception {
        int threads = 8;
        int perThread = 20_000;
        RecordingStore store = new RecordingStore();
        PerformanceConfig config = new PerformanceConfig(0.5, false, 5, 256, Duration.ofMillis(20), 512, 4);
        MetricsSampler sampler = MetricsSampler.create(config, store);
        AtomicLong sampled = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String component = "worker" + t;
            Thread worker = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long mine = 0;
                for (int i = 0; i < perThread; i++) {
                    try (Operation op = sampler.start(component, "op")) {
                        if (op.sampled()) {
                            mine++;
                            if (i % 7 == 0) {
                                op.fail("seven");
                            }
                        }
                    }
                }
                sampled.addAndGet(mine);
            });
            worker.start();
            workers.add(worker);
        }
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        sampler.close();

        SamplerStats stats = sampler.stats();
        assertThat(stats.recorded() + stats.dropped()).isEqualTo(sampled.get());
        assertThat(stats.flushed()).isEqualTo(stats.recorded());
        assertThat(stats.buffered()).isZero();
        List<PerformanceSample> stored = store.samples();
        assertThat((long) stored.size()).isEqualTo(stats.recorded());
        for (int t = 0; t < threads; t++) {
            String component = "worker" + t;
            assertThat(stored).filteredOn(s -> s.component().equals(component)).isNotEmpty();
        }
        assertThat(stored).filteredOn(s -> !s.success()).allMatch(s -> "seven".equals(s.errorMessage()));
    }

    @Test
    void idleThreadsHoldingSegmentsNeitherKeepTheirSamplesNorTheCapacityFromOthers() throws Exception {
        int idle = 300;
        RecordingStore store = new RecordingStore();
        // segments of 16: 300 idle threads each hold a partly written one, more than the 4 096 samples of capacity
        PerformanceConfig config = new PerformanceConfig(1.0, false, 5, 100, Duration.ofMinutes(10), 4_096, 0);
        MetricsSampler sampler = MetricsSampler.create(config, store);
        CountDownLatch recorded = new CountDownLatch(idle);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> idlers = new ArrayList<>();
        for (int t = 0; t < idle; t++) {
            String component = "idle" + t;
            Thread idler = new Thread(() -> {
                sampler.start(component, "once").close();
                recorded.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            idler.start();
            idlers.add(idler);
        }
        recorded.await();

        assertThat(sampler.flush(Duration.ofSeconds(10))).as("the idle threads' samples are written").isTrue();
        assertThat(store.samples()).hasSize(idle);
        for (int i = 0; i < 4_000; i++) { // a burst within the capacity: nothing is dropped even before a flush
            sampler.start("busy", "op").close();
        }
        assertThat(sampler.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(sampler.stats().dropped()).as("dropped with %d idle threads holding segments", idle).isZero();
        assertThat(store.samples()).filteredOn(s -> s.component().equals("busy")).hasSize(4_000);

        release.countDown();
        for (Thread idler : idlers) {
            idler.join();
        }
        for (int i = 0; i < 1_000; i++) {
            sampler.start("after", "op").close();
        }
        sampler.close();
        SamplerStats stats = sampler.stats();
        assertThat(stats.recorded()).isEqualTo(idle + 5_000L);
        assertThat(stats.buffered()).isZero();
        assertThat(stats.dropped()).isZero();
    }

    @Test
    void shortLivedThreadsLeaveNothingBehind() throws Exception {
        RecordingStore store = new RecordingStore();
        PerformanceConfig config = new PerformanceConfig(1.0, false, 5, 100, Duration.ofMillis(20), 4_096, 0);
        MetricsSampler sampler = MetricsSampler.create(config, store);
        int waves = 40;
        int perWave = 50;
        for (int wave = 0; wave < waves; wave++) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < perWave; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 3; i++) {
                        sampler.start("short", "op").close();
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
        assertThat(sampler.flush(Duration.ofSeconds(10))).isTrue();
        SamplerStats stats = sampler.stats();
        sampler.close();

        long expected = 3L * waves * perWave;
        assertThat(stats.recorded()).isEqualTo(expected);
        assertThat(stats.dropped()).isZero();
        assertThat(stats.buffered()).isZero();
        assertThat(store.samples()).hasSize((int) expected);
    }

    @Test
    void aHostThreadOverflowingItsStackWhileRecordingLeavesTheSamplerWorking() throws Exception {
        RecordingStore store = new RecordingStore();
        // segments of 1: every record takes and lets go of a segment, so overflows land on those paths too
        PerformanceConfig config = new PerformanceConfig(1.0, false, 5, 10, Duration.ofMinutes(10), 100, 0);
        MetricsSampler sampler = MetricsSampler.create(config, store);
        AtomicLong overflows = new AtomicLong();
        AtomicLong unexpected = new AtomicLong();
        Thread host = new Thread(() -> {
            for (int round = 0; round < 200; round++) {
                try {
                    recurse(sampler, 0);
                } catch (StackOverflowError e) {
                    overflows.incrementAndGet();
                } catch (Throwable t) {
                    unexpected.incrementAndGet();
                }
                sampler.flush(Duration.ofSeconds(5));
            }
            for (int i = 0; i < 50; i++) {
                sampler.start("after", "op").close();
            }
        }, "deep-host");
        host.start();
        host.join();

        assertThat(overflows.get()).isEqualTo(200);
        assertThat(unexpected.get()).as("anything but the host's own StackOverflowError").isZero();
        assertThat(sampler.flush(Duration.ofSeconds(10))).isTrue();
        sampler.close();
        assertThat(store.samples()).filteredOn(s -> s.component().equals("after")).hasSize(50);
        assertThat(sampler.stats().buffered()).isZero();
    }

    private static void recurse(MetricsSampler sampler, int depth) {
        try (Operation op = sampler.start("deep", "op")) {
            op.context("depth", "d");
            recurse(sampler, depth + 1);
        }
    }
}
