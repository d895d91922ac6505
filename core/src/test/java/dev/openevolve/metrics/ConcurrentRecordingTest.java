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
}
