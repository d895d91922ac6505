package dev.openevolve.metrics;

import dev.openevolve.config.ConfigProblem;
import dev.openevolve.config.OpenEvolveConfig;
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
                        + "performance.sampling_rate must be between 0 and 1 but was '1.5'; "
                        + "performance.max_overhead_percent must be greater than 0 and at most 100 but was '0'; "
                        + "performance.batch_size must be at least 1 but was '0'; "
                        + "performance.flush_interval must be greater than 0 seconds but was '0'; "
                        + "performance.buffer_capacity must be at least 1 but was '0'; "
                        + "performance.cpu_sample_every must be at least 0 but was '-1'");
    }

    @Test
    void appliesTheSameRulesAsTheConfigValidatorIncludingCombinations() {
        PerformanceConfig small = new PerformanceConfig(0.5, false, 5, 100, Duration.ofSeconds(1), 10, 0);
        var d = OpenEvolveConfig.defaults();
        assertThat(new OpenEvolveConfig(d.engine(), d.llm(), d.programs(), d.prompt(), d.evaluation(), d.database(),
                small).validate())
                .extracting(ConfigProblem::message)
                .containsExactly("performance.buffer_capacity must be at least batch_size (100) but was '10'");
        assertThatThrownBy(() -> MetricsSampler.create(small, store))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid performance config: "
                        + "performance.buffer_capacity must be at least batch_size (100) but was '10'");
    }

    @Test
    void rejectsNotANumberRate() {
        PerformanceConfig nan = new PerformanceConfig(Double.NaN, false, 5, 10, Duration.ofSeconds(1), 10, 0);
        assertThatThrownBy(() -> MetricsSampler.create(nan, store))
                .hasMessageContaining("performance.sampling_rate must be between 0 and 1 but was 'NaN'");
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
