package dev.openevolve.internal.store.memory;

import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.ProcessSnapshot;
import dev.openevolve.spi.SampleBatch;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryMetricsStoreTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static SampleBatch batch(int first, int size) {
        SampleBatch.Builder b = SampleBatch.builder(size);
        for (int i = first; i < first + size; i++) {
            b.add("checkout", "price", T0.getEpochSecond() + i / 1000, (i % 1000) * 1_000_000, 1_500 + i, i % 5 != 0,
                    i % 5 == 0 ? "declined" : null, null, 64, -1);
        }
        return b.build(new ProcessSnapshot(T0, 1, 2, 3));
    }

    @Test
    void staysWithinItsBoundAndAllocatesNothingPerAppendedSample() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (MemoryStore store = MemoryStore.create(10_000)) {
            MemoryMetricsStore metrics = (MemoryMetricsStore) store.metrics();
            SampleBatch batch = batch(0, 1_000);
            for (int i = 0; i < 30; i++) {
                metrics.append(batch);
            }
            assertThat(metrics.capacity()).isEqualTo(10_000);

            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200; i++) {
                metrics.append(batch);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertThat(allocated).as("bytes allocated appending 200 000 samples").isLessThan(10_000);
            assertThat(metrics.size()).isEqualTo(10_000);
            assertThat(metrics.capacity()).isEqualTo(10_000);
            assertThat(store.evictedSamples()).isEqualTo(230_000 - 10_000);
        }
    }

    @Test
    void columnsGrowOnlyAsFarAsTheSamplesNeed() {
        try (MemoryStore store = MemoryStore.create()) {
            MemoryMetricsStore metrics = (MemoryMetricsStore) store.metrics();
            metrics.append(batch(0, 3_000));
            assertThat(metrics.capacity()).isEqualTo(4_096);
            assertThat(metrics.size()).isEqualTo(3_000);
        }
    }

    @Test
    void growsAChunkAtATimeNeverCopyingWhatItHolds() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (MemoryStore store = MemoryStore.create(300_000)) {
            MemoryMetricsStore metrics = (MemoryMetricsStore) store.metrics();
            long most = 0;
            for (int first = 0; first < 300_000; first += 1_000) {
                SampleBatch batch = batch(first, 1_000);
                long before = threads.getCurrentThreadAllocatedBytes();
                metrics.append(batch);
                most = Math.max(most, threads.getCurrentThreadAllocatedBytes() - before);
                assertThat(metrics.capacity()).isLessThanOrEqualTo(first + 1_000 + MemoryMetricsStore.CHUNK);
            }
            // one chunk's columns are about 210 KB; doubling arrays would allocate all the samples' columns again
            assertThat(most).as("the most bytes one append of 1 000 samples allocated").isLessThan(300_000);
            assertThat(metrics.capacity()).isEqualTo(300_000);
            List<PerformanceSample> all = metrics.find(T0, T0.plusSeconds(400), 300_000);
            assertThat(all).hasSize(300_000);
            assertThat(all.get(0).duration()).isEqualTo(Duration.ofNanos(1_500));
            assertThat(all.get(299_999).duration()).isEqualTo(Duration.ofNanos(1_500 + 299_999));
        }
    }

    @Test
    void keepsEveryFieldAndFindsByStartAcrossTheWrap() {
        try (MemoryStore store = MemoryStore.create(2_500)) {
            store.metrics().append(batch(0, 2_000));
            store.metrics().append(batch(2_000, 2_000));

            List<PerformanceSample> found = store.metrics().find(T0, T0.plusSeconds(10), 10_000);

            assertThat(found).hasSize(2_500);
            assertThat(found.get(0)).isEqualTo(new PerformanceSample("checkout", "price", T0.plusSeconds(1).plusMillis(500),
                    Duration.ofNanos(3_000), false, "declined", Map.of(), 64, -1));
            assertThat(found.get(2_499).start()).isEqualTo(T0.plusSeconds(3).plusMillis(999));
            assertThat(store.metrics().find(T0.plusSeconds(2), T0.plusSeconds(3), 10_000)).hasSize(1_000);
            assertThat(store.metrics().find(T0.plusSeconds(2), T0.plusSeconds(3), 7)).hasSize(7)
                    .allSatisfy(s -> assertThat(s.start()).isBefore(T0.plusSeconds(2).plusMillis(7)));
        }
    }
}
