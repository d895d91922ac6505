package dev.openevolve.metrics;

import dev.openevolve.config.PerformanceConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adaptive mode end to end with a deterministic cost model: every ticker read advances it by 50 ns, so the
 * sampler's bookkeeping on a probed operation measures 100 ns; the test advances the ticker by the host work.
 */
class AdaptiveSamplerTest {
    private static final double BUDGET = 5.0;

    @Test
    void lowersTheRateUnderTheBudgetForSmallOperationsAndRaisesItForLargeOnes() {
        FakeTicker ticker = new FakeTicker(50);
        PerformanceConfig adaptive = new PerformanceConfig(1.0, true, BUDGET, 1000, Duration.ofMinutes(10), 65_536, 0);
        try (MetricsSampler sampler = MetricsSampler.builder(adaptive, new RecordingStore())
                .randomSeed(11).ticker(ticker).threadResources(new FakeResources()).backgroundAdaptation(false)
                .build()) {
            DefaultMetricsSampler impl = (DefaultMetricsSampler) sampler;

            for (int window = 0; window < 15; window++) {
                runOperations(sampler, ticker, 2_000, 1_000);
                impl.adaptNow();
            }
            SamplerStats small = sampler.stats();
            // duration 1050 ns per operation (work plus one tick), sampled cost 100 ns, unsampled 5 ns
            assertThat(small.effectiveRate()).isBetween(0.3, 0.45);
            assertThat(trueOverheadPercent(small.effectiveRate(), 100, 1_050)).isLessThanOrEqualTo(BUDGET);
            assertThat(small.estimatedOverheadPercent()).isBetween(3.0, BUDGET);

            for (int window = 0; window < 10; window++) {
                runOperations(sampler, ticker, 2_000, 100_000);
                impl.adaptNow();
            }
            SamplerStats large = sampler.stats();
            assertThat(large.effectiveRate()).isEqualTo(1.0);
            assertThat(large.estimatedOverheadPercent()).isLessThan(0.2);
        }
    }

    @Test
    void fixedRateModeEstimatesItsOverheadWithoutChangingTheRate() {
        FakeTicker ticker = new FakeTicker(50);
        PerformanceConfig fixed = new PerformanceConfig(0.1, false, BUDGET, 1000, Duration.ofMinutes(10), 4096, 0);
        try (MetricsSampler sampler = MetricsSampler.builder(fixed, new RecordingStore())
                .randomSeed(5).ticker(ticker).threadResources(new FakeResources()).backgroundAdaptation(false)
                .build()) {
            assertThat(sampler.stats().hasOverheadEstimate()).isFalse();
            runOperations(sampler, ticker, 20_000, 1_000);
            ((DefaultMetricsSampler) sampler).adaptNow();

            assertThat(sampler.stats().effectiveRate()).isEqualTo(0.1);
            assertThat(sampler.stats().estimatedOverheadPercent())
                    .isCloseTo(trueOverheadPercent(0.1, 100, 1_050), org.assertj.core.data.Offset.offset(0.2));
        }
    }

    @Test
    void theEstimateChargesTheCpuTimeSubSampleAtItsAverageCostNotOnEveryProbe() {
        FakeTicker ticker = new FakeTicker(50);
        ThreadResources slowCpuClock = new ThreadResources() {
            @Override
            public long allocatedBytes() {
                return 0;
            }

            @Override
            public long cpuNanos() {
                ticker.advance(1_000);
                return 0;
            }
        };
        PerformanceConfig cpuEvery16 = new PerformanceConfig(1.0, false, BUDGET, 1000, Duration.ofMinutes(10), 4096,
                16);
        try (MetricsSampler sampler = MetricsSampler.builder(cpuEvery16, new RecordingStore())
                .randomSeed(9).ticker(ticker).threadResources(slowCpuClock).backgroundAdaptation(false).build()) {
            runOperations(sampler, ticker, 32_000, 10_000);
            ((DefaultMetricsSampler) sampler).adaptNow();

            // 100 ns of ticks on every sample plus two 1000 ns CPU reads on one in 16
            double expected = 100 * (100 + 2 * 1_000 / 16.0) / 10_050;
            assertThat(sampler.stats().estimatedOverheadPercent())
                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(0.4));
        }
    }

    @SuppressWarnings("try") // the handle times the block
    private static void runOperations(MetricsSampler sampler, FakeTicker ticker, int n, long workNanos) {
        for (int i = 0; i < n; i++) {
            try (Operation op = sampler.start("host", "work")) {
                ticker.advance(workNanos);
            }
        }
    }

    private static double trueOverheadPercent(double rate, double sampledCost, double duration) {
        return 100 * (rate * sampledCost + (1 - rate) * RateController.UNSAMPLED_COST_NANOS) / duration;
    }
}
