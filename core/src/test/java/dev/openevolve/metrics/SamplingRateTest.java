package dev.openevolve.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SamplingRateTest {
    private static final int CALLS = 200_000;

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.1, 0.5})
    void sampledShareMatchesTheRateWithinFiveSigma(double rate) {
        try (MetricsSampler sampler = MetricsSampler.builder(Configs.rate(rate), new RecordingStore())
                .randomSeed(42).build()) {
            long sampled = 0;
            for (int i = 0; i < CALLS; i++) {
                try (Operation op = sampler.start("c", "o")) {
                    if (op.sampled()) {
                        sampled++;
                    }
                }
            }
            double sigma = Math.sqrt(CALLS * rate * (1 - rate));
            assertThat((double) sampled).isCloseTo(CALLS * rate, org.assertj.core.data.Offset.offset(5 * sigma));
            assertThat(sampler.stats().sampled()).isEqualTo(sampled);
            assertThat(sampler.stats().effectiveRate()).isEqualTo(rate);
        }
    }

    @Test
    void sameSeedSamplesTheSameOperations() {
        assertThat(sampledPattern(7)).isEqualTo(sampledPattern(7)).isNotEqualTo(sampledPattern(8));
    }

    @Test
    void rateZeroNeverSamplesAndRateOneAlwaysDoes() {
        try (MetricsSampler never = MetricsSampler.builder(Configs.rate(0), new RecordingStore()).randomSeed(1).build();
             MetricsSampler always = MetricsSampler.builder(Configs.rate(1), new RecordingStore()).randomSeed(1).build()) {
            for (int i = 0; i < 10_000; i++) {
                try (Operation a = never.start("c", "o"); Operation b = always.start("c", "o")) {
                    assertThat(a.sampled()).isFalse();
                    assertThat(b.sampled()).isTrue();
                }
            }
            assertThat(never.stats().sampled()).isZero();
            assertThat(always.stats().sampled()).isEqualTo(10_000);
        }
    }

    @Test
    void unsampledOperationsShareOneHandle() {
        try (MetricsSampler sampler = MetricsSampler.create(Configs.rate(0), new RecordingStore())) {
            assertThat(sampler.start("a", "b")).isSameAs(sampler.start("c", "d")).isSameAs(NoopOperation.INSTANCE);
        }
    }

    private static String sampledPattern(long seed) {
        StringBuilder pattern = new StringBuilder();
        try (MetricsSampler sampler = MetricsSampler.builder(Configs.rate(0.3), new RecordingStore())
                .randomSeed(seed).build()) {
            for (int i = 0; i < 200; i++) {
                try (Operation op = sampler.start("c", "o")) {
                    pattern.append(op.sampled() ? '1' : '0');
                }
            }
        }
        return pattern.toString();
    }
}
