package dev.openevolve.metrics;

import dev.openevolve.config.PerformanceConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValidationTest {
    private final RecordingStore store = new RecordingStore();

    @Test
    void namesEveryInvalidKeyItsValueAndTheRuleAtOnce() {
        PerformanceConfig bad = new PerformanceConfig(1.5, false, 0, 0, Duration.ZERO, 0, -1);
        assertThatThrownBy(() -> MetricsSampler.create(bad, store))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid performance config: "
                        + "performance.sampling_rate must be in [0, 1] but was 1.5; "
                        + "performance.max_overhead_percent must be in (0, 100] but was 0.0; "
                        + "performance.batch_size must be at least 1 but was 0; "
                        + "performance.flush_interval must be positive but was PT0S; "
                        + "performance.buffer_capacity must be in [1, 1073741824] but was 0; "
                        + "performance.cpu_sample_every must not be negative but was -1");
    }

    @Test
    void rejectsNotANumberRate() {
        PerformanceConfig nan = new PerformanceConfig(Double.NaN, false, 5, 10, Duration.ofSeconds(1), 10, 0);
        assertThatThrownBy(() -> MetricsSampler.create(nan, store))
                .hasMessageContaining("performance.sampling_rate must be in [0, 1] but was NaN");
    }

    @Test
    void acceptsTheSeedDefaults() {
        try (MetricsSampler sampler = MetricsSampler.create(PerformanceConfig.defaults(), store)) {
            assertThat(sampler.stats().effectiveRate()).isEqualTo(0.1);
        }
    }

    @Test
    void rejectsANonPositiveFlushTimeout() {
        assertThatThrownBy(() -> MetricsSampler.builder(PerformanceConfig.defaults(), store)
                .flushTimeout(Duration.ZERO))
                .hasMessage("flushTimeout must be positive but was PT0S");
    }

    @Test
    void statsRejectInconsistentValues() {
        assertThatThrownBy(() -> new SamplerStats(-1, 0, 0, 0, 0, 0, 0))
                .hasMessage("recorded must not be negative but was -1");
        assertThatThrownBy(() -> new SamplerStats(0, 0, 0, 0, 0, 1.5, 0))
                .hasMessage("effectiveRate must be in [0, 1] but was 1.5");
    }
}
