package dev.openevolve.metrics;

import dev.openevolve.config.PerformanceConfig;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.SampleBatch;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperationRecordingTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private final RecordingStore store = new RecordingStore();

    @Test
    void sampleHoldsNamesTimesAllocationAndCpuOfTheOperation() {
        FakeTicker ticker = new FakeTicker(0);
        FakeResources resources = new FakeResources();
        PerformanceConfig everyCpu = new PerformanceConfig(1.0, false, 5, 100, Duration.ofMinutes(10), 100, 1);
        try (MetricsSampler sampler = MetricsSampler.builder(everyCpu, store).allocationSampleEvery(1)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).ticker(ticker).threadResources(resources).build()) {
            resources.allocated = 1_000;
            resources.cpu = 50_000;
            try (Operation op = sampler.start("checkout", "price")) {
                ticker.advance(1_500);
                resources.allocated = 1_800;
                resources.cpu = 51_200;
                op.context("currency", "EUR");
            }
            assertThat(sampler.flush()).isTrue();
        }
        PerformanceSample sample = store.samples().get(0);
        assertThat(sample.component()).isEqualTo("checkout");
        assertThat(sample.operation()).isEqualTo("price");
        assertThat(sample.duration()).isEqualTo(Duration.ofNanos(1_500));
        assertThat(sample.end()).isEqualTo(NOW);
        assertThat(sample.start()).isEqualTo(NOW.minusNanos(1_500));
        assertThat(sample.success()).isTrue();
        assertThat(sample.error()).isEmpty();
        assertThat(sample.context()).isEqualTo(Map.of("currency", "EUR"));
        assertThat(sample.allocatedBytes()).isEqualTo(800);
        assertThat(sample.cpuNanos()).isEqualTo(1_200);
    }

    @Test
    @SuppressWarnings("try") // the handle measures the block
    void realThreadResourcesMeasureWhatTheOperationAllocates() {
        PerformanceConfig everyCpu = new PerformanceConfig(1.0, false, 5, 100, Duration.ofMinutes(10), 100, 1);
        byte[][] keep = new byte[1][];
        try (MetricsSampler sampler = MetricsSampler.builder(everyCpu, store).allocationSampleEvery(1).build()) {
            try (Operation op = sampler.start("c", "alloc")) {
                keep[0] = new byte[1 << 20];
            }
            sampler.flush();
        }
        PerformanceSample sample = store.samples().get(0);
        assertThat(keep[0]).hasSize(1 << 20);
        assertThat(sample.allocatedBytes()).isGreaterThanOrEqualTo(1 << 20);
        assertThat(sample.cpuNanos()).isGreaterThanOrEqualTo(0);
        SampleBatch batch = store.batches().get(0);
        assertThat(batch.process().heapUsedBytes()).isPositive();
        assertThat(batch.process().rssBytes()).isPositive();
    }

    @Test
    void theFirstProcessSnapshotIsReadAtTheStartNotDuringTheFirstBatch() throws InterruptedException {
        // the first read loads classes for some milliseconds: during a first burst the buffer would fill meanwhile
        PerformanceConfig every = new PerformanceConfig(1.0, false, 5, 100, Duration.ofMinutes(10), 100, 0);
        Instant beforeRecording;
        try (MetricsSampler sampler = MetricsSampler.create(every, store)) {
            Thread.sleep(200);
            beforeRecording = Instant.now();
            sampler.run("c", "first", () -> { });
            assertThat(sampler.flush()).isTrue();
        }
        assertThat(store.batches().get(0).process().at()).isBefore(beforeRecording);
    }

    @Test
    void aBatchAfterATickCarriesAFreshProcessSnapshot() throws InterruptedException {
        PerformanceConfig every = new PerformanceConfig(1.0, false, 5, 100, Duration.ofMinutes(10), 100, 0);
        try (MetricsSampler sampler = MetricsSampler.create(every, store)) {
            sampler.run("c", "first", () -> { });
            assertThat(sampler.flush()).isTrue();
            Thread.sleep(1_500); // the background thread's tick, once a second, marks the snapshot stale
            sampler.run("c", "second", () -> { });
            assertThat(sampler.flush()).isTrue();
        }
        List<SampleBatch> batches = store.batches();
        assertThat(batches).hasSizeGreaterThanOrEqualTo(2);
        Instant first = batches.get(0).process().at();
        Instant last = batches.get(batches.size() - 1).process().at();
        assertThat(Duration.between(first, last)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(batches.get(batches.size() - 1).process().heapUsedBytes()).isPositive();
    }

    @Test
    void cpuTimeIsNotMeasuredWhenCpuSampleEveryIsZero() {
        PerformanceConfig noCpu = new PerformanceConfig(1.0, false, 5, 100, Duration.ofMinutes(10), 100, 0);
        try (MetricsSampler sampler = MetricsSampler.create(noCpu, store)) {
            sampler.run("c", "o", () -> { });
            sampler.flush();
        }
        assertThat(store.samples().get(0).cpuNanos()).isEqualTo(-1);
    }

    @Test
    void allocationIsMeasuredOnItsSubSampleAndMarkedNotMeasuredElsewhere() {
        FakeResources resources = new FakeResources();
        resources.allocated = 5_000;
        PerformanceConfig noCpu = new PerformanceConfig(1.0, false, 5, 1000, Duration.ofMinutes(10), 20_000, 0);
        try (MetricsSampler sampler = MetricsSampler.builder(noCpu, store).allocationSampleEvery(8).randomSeed(3)
                .threadResources(resources).build()) {
            for (int i = 0; i < 16_000; i++) {
                sampler.run("c", "o", () -> { }); // the fake reads the same at start and end: 0 bytes
            }
            assertThat(sampler.flush()).isTrue();
        }
        long measured = store.samples().stream().filter(s -> s.allocatedBytes() >= 0).count();
        assertThat(store.samples()).hasSize(16_000).allSatisfy(s -> assertThat(s.allocatedBytes()).isIn(-1L, 0L));
        assertThat(measured).as("samples with allocated bytes, 1 in 8 expected of 16 000").isBetween(1_700L, 2_300L);
    }

    @Test
    void cpuSamplesAreAlsoAllocationSamplesWhenTheCpuSubSampleIsRarer() {
        FakeResources resources = new FakeResources();
        PerformanceConfig cpuEvery32 = new PerformanceConfig(1.0, false, 5, 1000, Duration.ofMinutes(10), 20_000, 32);
        try (MetricsSampler sampler = MetricsSampler.builder(cpuEvery32, store).allocationSampleEvery(4).randomSeed(5)
                .threadResources(resources).build()) {
            for (int i = 0; i < 16_000; i++) {
                sampler.run("c", "o", () -> { });
            }
            assertThat(sampler.flush()).isTrue();
        }
        List<PerformanceSample> withCpu = store.samples().stream().filter(s -> s.cpuNanos() >= 0).toList();
        assertThat(withCpu).hasSizeBetween(350, 650).allSatisfy(s -> assertThat(s.allocatedBytes()).isZero());
        assertThat(store.samples().stream().filter(s -> s.allocatedBytes() >= 0).count()).isBetween(3_600L, 4_400L);
    }

    @Test
    void allocationSampleEveryZeroNeverMeasuresAndNegativeIsRejected() {
        try (MetricsSampler sampler = MetricsSampler.builder(Configs.rate(1), store).allocationSampleEvery(0).build()) {
            for (int i = 0; i < 100; i++) {
                sampler.run("c", "o", () -> { });
            }
            sampler.flush();
        }
        assertThat(store.samples()).hasSize(100).allSatisfy(s -> assertThat(s.allocatedBytes()).isEqualTo(-1));
        assertThatThrownBy(() -> MetricsSampler.builder(Configs.rate(1), store).allocationSampleEvery(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allocationSampleEvery must not be negative but was -1");
    }

    @Test
    void nestedOperationsAndAHandleClosedOnAnotherThreadAreEachRecordedOnce() throws Exception {
        try (MetricsSampler sampler = MetricsSampler.create(Configs.rate(1), store)) {
            try (Operation outer = sampler.start("c", "outer")) {
                try (Operation inner = sampler.start("c", "inner")) {
                    inner.fail("inner failed");
                }
                sampler.run("c", "sibling", () -> { });
                outer.context("k", "v");
            }
            Operation handedOver = sampler.start("c", "handed-over");
            Thread other = new Thread(handedOver::close);
            other.start();
            other.join();
            sampler.run("c", "after", () -> { });
            sampler.run("c", "again", () -> { });
            assertThat(sampler.flush()).isTrue();
        }
        assertThat(store.samples()).extracting(PerformanceSample::operation)
                .containsExactlyInAnyOrder("inner", "sibling", "outer", "handed-over", "after", "again");
        assertThat(store.samples()).filteredOn(s -> s.operation().equals("outer")).singleElement()
                .satisfies(s -> {
                    assertThat(s.success()).isTrue();
                    assertThat(s.context()).containsExactly(Map.entry("k", "v"));
                });
        assertThat(store.samples()).filteredOn(s -> s.operation().equals("inner")).singleElement()
                .satisfies(s -> assertThat(s.errorMessage()).isEqualTo("inner failed"));
    }

    @Test
    void failRecordsTheMessage() {
        try (MetricsSampler sampler = MetricsSampler.create(Configs.rate(1), store)) {
            try (Operation op = sampler.start("payments", "charge")) {
                op.fail("card declined");
            }
            sampler.flush();
        }
        PerformanceSample sample = store.samples().get(0);
        assertThat(sample.success()).isFalse();
        assertThat(sample.error()).contains("card declined");
    }

    @Test
    void failWithAnErrorRecordsItsMessageOrElseItsClassName() {
        try (MetricsSampler sampler = MetricsSampler.create(Configs.rate(1), store)) {
            sampler.start("c", "with-message").fail(new IllegalStateException("stock gone")).close();
            sampler.start("c", "without").fail(new NullPointerException()).close();
            sampler.flush();
        }
        assertThat(store.samples()).extracting(PerformanceSample::errorMessage)
                .containsExactly("stock gone", "java.lang.NullPointerException");
    }

    @Test
    void wrappersRecordFailuresAndRethrowTheSameException() {
        IllegalStateException boom = new IllegalStateException("boom");
        IOException checked = new IOException("disk full");
        StackOverflowError error = new StackOverflowError("deep");
        try (MetricsSampler sampler = MetricsSampler.create(Configs.rate(1), store)) {
            assertThatThrownBy(() -> sampler.run("c", "run", () -> {
                throw boom;
            })).isSameAs(boom);
            assertThatThrownBy(() -> sampler.call("c", "call", () -> {
                throw checked;
            })).isSameAs(checked);
            assertThatThrownBy(() -> sampler.get("c", "get", () -> {
                throw error;
            })).isSameAs(error);
            sampler.flush();
        }
        assertThat(store.samples()).extracting(PerformanceSample::operation, PerformanceSample::success,
                        PerformanceSample::errorMessage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("run", false, "boom"),
                        org.assertj.core.groups.Tuple.tuple("call", false, "disk full"),
                        org.assertj.core.groups.Tuple.tuple("get", false, "deep"));
    }

    @Test
    void wrappersReturnTheBodysValueAndRecordSuccess() throws Exception {
        try (MetricsSampler sampler = MetricsSampler.create(Configs.rate(1), store)) {
            assertThat(sampler.get("c", "get", () -> 42)).isEqualTo(42);
            assertThat(sampler.call("c", "call", () -> "x")).isEqualTo("x");
            sampler.flush();
        }
        assertThat(store.samples()).allMatch(PerformanceSample::success).hasSize(2);
    }

    @Test
    void contextKeepsTheLastValuePerKeyAndAtMostSixteenKeys() {
        try (MetricsSampler sampler = MetricsSampler.create(Configs.rate(1), store)) {
            try (Operation op = sampler.start("c", "o")) {
                op.context("k", "first").context("k", "last");
                for (int i = 0; i < 20; i++) {
                    op.context("key" + i, "v" + i);
                }
            }
            sampler.flush();
        }
        Map<String, String> context = store.samples().get(0).context();
        assertThat(context).hasSize(MetricsSampler.MAX_CONTEXT_ENTRIES).containsEntry("k", "last")
                .containsEntry("key14", "v14").doesNotContainKey("key15");
    }

    @Test
    void callsAfterCloseAreIgnoredAndCloseIsIdempotent() {
        try (MetricsSampler sampler = MetricsSampler.create(Configs.rate(1), store)) {
            Operation op = sampler.start("c", "o");
            op.close();
            op.fail("too late").context("late", "yes");
            op.close();
            sampler.flush();
            assertThat(sampler.stats().recorded()).isEqualTo(1);
        }
        assertThat(store.samples()).singleElement().satisfies(s -> {
            assertThat(s.success()).isTrue();
            assertThat(s.context()).isEmpty();
        });
    }

    @Test
    void nullNamesAreRejectedWhetherSampledOrNot() {
        try (MetricsSampler never = MetricsSampler.create(Configs.rate(0), store);
             MetricsSampler always = MetricsSampler.create(Configs.rate(1), store)) {
            for (MetricsSampler sampler : new MetricsSampler[] {never, always}) {
                assertThatThrownBy(() -> sampler.start(null, "o")).hasMessage("component");
                assertThatThrownBy(() -> sampler.start("c", null)).hasMessage("operation");
                try (Operation op = sampler.start("c", "o")) {
                    assertThatThrownBy(() -> op.context(null, "v")).hasMessage("key");
                    assertThatThrownBy(() -> op.context("k", null)).hasMessage("value");
                }
            }
        }
    }

    @Test
    void uncheckedIoFromTheBodyIsRethrownUnchanged() {
        UncheckedIOException io = new UncheckedIOException(new IOException("x"));
        assertThatThrownBy(() -> MetricsSampler.noop().run("c", "o", () -> {
            throw io;
        })).isSameAs(io);
    }
}
