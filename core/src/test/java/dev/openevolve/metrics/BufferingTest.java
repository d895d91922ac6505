package dev.openevolve.metrics;

import dev.openevolve.config.PerformanceConfig;
import dev.openevolve.spi.PerformanceSample;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BufferingTest {
    private final RecordingStore store = new RecordingStore();

    @Test
    void countsDropsExactlyWhileTheStoreBlocksAndLosesNothingItKept() throws Exception {
        store.block();
        MetricsSampler sampler = MetricsSampler.create(Configs.config(1.0, 10, 100), store);
        record(sampler, 10);
        assertThat(store.awaitFirstAppend()).isTrue();

        record(sampler, 200);

        SamplerStats blocked = sampler.stats();
        assertThat(blocked.recorded()).isEqualTo(100);
        assertThat(blocked.dropped()).isEqualTo(110);
        assertThat(blocked.buffered()).isEqualTo(100);
        assertThat(blocked.flushed()).isZero();
        store.open();
        sampler.close();
        SamplerStats after = sampler.stats();
        assertThat(after.flushed()).isEqualTo(100);
        assertThat(after.buffered()).isZero();
        assertThat(after.sampled()).isEqualTo(210);
        assertThat(store.samples()).extracting(PerformanceSample::operation)
                .containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(i -> "op" + i).toList());
    }

    @Test
    void closeFlushesEverythingInRecordingOrderAndIsIdempotent() {
        MetricsSampler sampler = MetricsSampler.create(Configs.config(1.0, 1000, 10_000), store);
        record(sampler, 2_500);

        sampler.close();
        sampler.close();

        assertThat(store.samples()).extracting(PerformanceSample::operation)
                .containsExactlyElementsOf(IntStream.range(0, 2_500).mapToObj(i -> "op" + i).toList());
        assertThat(store.batches()).allSatisfy(b -> assertThat(b.samples().size()).isLessThanOrEqualTo(1000));
        assertThat(sampler.stats()).satisfies(s -> {
            assertThat(s.recorded()).isEqualTo(2_500);
            assertThat(s.flushed()).isEqualTo(2_500);
            assertThat(s.dropped()).isZero();
            assertThat(s.effectiveRate()).isZero();
        });
        assertThat(sampler.start("c", "after-close").sampled()).isFalse();
        assertThat(sampler.flush()).isTrue();
    }

    @Test
    void aFullBatchIsFlushedWithoutWaitingForTheInterval() throws Exception {
        try (MetricsSampler sampler = MetricsSampler.create(Configs.config(1.0, 10, 1000), store)) {
            record(sampler, 25);
            assertThat(Eventually.holds(() -> sampler.stats().flushed() == 20)).isTrue();
            assertThat(store.batches()).allSatisfy(b -> assertThat(b.samples()).hasSize(10));
            assertThat(sampler.stats().buffered()).isEqualTo(5);
        }
        assertThat(store.samples()).hasSize(25);
    }

    @Test
    void theIntervalFlushesAPartialBatch() throws Exception {
        PerformanceConfig shortInterval = new PerformanceConfig(1.0, false, 5, 1000, Duration.ofMillis(50), 1000, 16);
        try (MetricsSampler sampler = MetricsSampler.create(shortInterval, store)) {
            record(sampler, 3);
            assertThat(Eventually.holds(() -> sampler.stats().flushed() == 3)).isTrue();
            assertThat(store.samples()).hasSize(3);
        }
    }

    @Test
    void aFailingStoreIsRetriedUntilItAcceptsEverything() throws Exception {
        store.failNext(3, () -> new dev.openevolve.spi.StoreException("db down (test)"));
        PerformanceConfig shortInterval = new PerformanceConfig(1.0, false, 5, 1000, Duration.ofMillis(50), 1000, 16);
        try (MetricsSampler sampler = MetricsSampler.create(shortInterval, store)) {
            record(sampler, 5);
            assertThat(Eventually.holds(() -> sampler.stats().flushed() == 5)).isTrue();
            assertThat(sampler.stats().flushFailures()).isEqualTo(3);
            assertThat(sampler.stats().buffered()).isZero();
        }
        assertThat(store.samples()).hasSize(5);
        assertThat(store.batches()).hasSize(1);
    }

    @Test
    void flushRetriesAFailedAppendAtOnceAndCountsTheFailure() {
        store.failNext(1, () -> new IllegalStateException("oops (test)"));
        try (MetricsSampler sampler = MetricsSampler.create(Configs.rate(1.0), store)) {
            record(sampler, 4);
            assertThat(sampler.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(sampler.stats().flushed()).isEqualTo(4);
            assertThat(sampler.stats().flushFailures()).isEqualTo(1);
            assertThat(store.attempts()).isEqualTo(2);
        }
    }

    @Test
    void flushGivesUpAfterItsTimeoutWhileTheStoreStaysDownAndKeepsTheSamples() {
        store.failNext(Integer.MAX_VALUE, () -> new IllegalStateException("down (test)"));
        try (MetricsSampler sampler = MetricsSampler.builder(Configs.rate(1.0), store)
                .closeTimeout(Duration.ofMillis(100)).build()) {
            record(sampler, 4);
            assertThat(sampler.flush(Duration.ofMillis(200))).isFalse();
            assertThat(sampler.stats().buffered()).isEqualTo(4);
            assertThat(sampler.stats().flushFailures()).isGreaterThan(1);
            store.failNext(0, () -> new IllegalStateException("unused"));
            assertThat(sampler.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(sampler.stats().flushed()).isEqualTo(4);
        }
    }

    @Test
    void aStackOverflowInTheStoreIsAFailedAttemptNotTheEnd() {
        store.failNext(1, () -> new StackOverflowError("bad store (test)"));
        try (MetricsSampler sampler = MetricsSampler.create(Configs.rate(1.0), store)) {
            record(sampler, 2);
            assertThat(sampler.flush()).isTrue();
            assertThat(sampler.stats().flushFailures()).isEqualTo(1);
        }
        assertThat(store.samples()).hasSize(2);
    }

    @Test
    void aFatalErrorInTheStoreStopsFlushingButNeverReachesTheHost() {
        store.failNext(1, () -> new InternalError("jvm trouble (test)"));
        MetricsSampler sampler = MetricsSampler.create(Configs.config(1.0, 10, 10), store);
        record(sampler, 1);
        assertThat(sampler.flush()).isFalse();

        record(sampler, 20);

        assertThat(sampler.stats().recorded()).isEqualTo(10);
        assertThat(sampler.stats().dropped()).isEqualTo(11);
        assertThat(sampler.flush()).isFalse();
        sampler.close();
        assertThat(store.samples()).isEmpty();
    }

    @Test
    void closeGivesUpOnAStoreThatHangs() {
        store.block();
        MetricsSampler sampler = MetricsSampler.builder(Configs.rate(1.0), store)
                .flushTimeout(Duration.ofMillis(200)).build();
        record(sampler, 1);
        assertThat(sampler.flush()).isFalse();

        sampler.close();

        assertThat(sampler.stats().buffered()).isEqualTo(1);
        store.open();
    }

    @Test
    void flusherThreadComesFromTheInjectedFactoryAndIsDaemon() throws Exception {
        Thread[] made = new Thread[1];
        try (MetricsSampler sampler = MetricsSampler.builder(Configs.rate(1.0), store)
                .threadFactory(r -> made[0] = new Thread(r, "test-flusher")).build()) {
            assertThat(made[0].isDaemon()).isTrue();
            assertThat(made[0].isAlive()).isTrue();
            assertThat(sampler.flush()).isTrue();
        }
        made[0].join(10_000);
        assertThat(made[0].isAlive()).isFalse();
    }

    static void record(MetricsSampler sampler, int n) {
        for (int i = 0; i < n; i++) {
            try (Operation op = sampler.start("c", "op" + (int) (sampler.stats().sampled()))) {
                op.context("i", Integer.toString(i));
            }
        }
    }
}
