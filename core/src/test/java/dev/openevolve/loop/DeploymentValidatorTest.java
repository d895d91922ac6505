package dev.openevolve.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.spi.PerformanceSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeploymentValidatorTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final LoopSettings settings = LoopSettings.builder().alpha(0.05).minSamples(30)
            .maxLatencyIncrease(0.0).maxFailureRateIncrease(0.0).build();

    @Test
    void falseRollbackRateUnderNoChangeStaysBelowAlpha() {
        var random = new SplittableRandom(7);
        var validator = new DeploymentValidator(settings);
        int trials = 3000;
        int rolledBack = 0;
        for (int t = 0; t < trials; t++) {
            var before = samples(random, 40, 8, 0.5, 0.05);
            var after = samples(random, 40, 8, 0.5, 0.05);
            if (validator.judge(before, after).outcome() == Verdict.Outcome.DEGRADED) {
                rolledBack++;
            }
        }
        // even with both bounds at zero (only the tests decide) the family-wise rate must stay below alpha
        assertThat((double) rolledBack / trials).isLessThan(0.05);
    }

    @Test
    void aThirtyPercentSlowdownIsDetectedAlmostAlways() {
        var random = new SplittableRandom(8);
        var validator = new DeploymentValidator(LoopSettings.builder().minSamples(30).build());
        int trials = 500;
        int detected = 0;
        for (int t = 0; t < trials; t++) {
            var before = samples(random, 60, 8, 0.3, 0.0);
            var after = samples(random, 60, 8 * 1.3, 0.3, 0.0);
            if (validator.judge(before, after).outcome() == Verdict.Outcome.DEGRADED) {
                detected++;
            }
        }
        assertThat((double) detected / trials).isGreaterThan(0.9);
    }

    @Test
    void moreFailuresAreDegradationEvenWhenFaster() {
        var random = new SplittableRandom(9);
        var verdict = new DeploymentValidator(LoopSettings.defaults())
                .judge(samples(random, 200, 10, 0.3, 0.01), samples(random, 200, 5, 0.3, 0.20));

        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.DEGRADED);
        assertThat(verdict.evidence()).containsEntry("reason", "failing more")
                .containsKeys("failure_p_more", "latency_p_faster", "baseline_failure_rate", "fresh_failure_rate");
    }

    @Test
    void aSignificantSlowdownWithinTheBoundIsNotARollback() {
        var random = new SplittableRandom(10);
        var verdict = new DeploymentValidator(LoopSettings.builder().maxLatencyIncrease(0.5).build())
                .judge(samples(random, 400, 10, 0.1, 0), samples(random, 400, 11, 0.1, 0));

        assertThat(Double.parseDouble(verdict.evidence().get("latency_p_slower"))).isLessThan(0.001);
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.NO_CHANGE);
    }

    @Test
    void aClearSpeedUpIsAnImprovementWithItsEvidence() {
        var random = new SplittableRandom(11);
        var verdict = new DeploymentValidator(LoopSettings.defaults())
                .judge(samples(random, 50, 20, 0.3, 0), samples(random, 50, 4, 0.3, 0));

        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.IMPROVED);
        assertThat(Double.parseDouble(verdict.evidence().get("speedup"))).isGreaterThan(3);
        assertThat(verdict.evidence()).containsEntry("baseline_samples", "50").containsEntry("fresh_samples", "50");
    }

    @Test
    void tooFewSamplesGiveNoVerdict() {
        var random = new SplittableRandom(12);
        var verdict = new DeploymentValidator(LoopSettings.defaults())
                .judge(samples(random, 100, 20, 0.3, 0), samples(random, 29, 200, 0.3, 0));

        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.INSUFFICIENT_DATA);
        assertThat(verdict.evidence()).containsEntry("fresh_samples", "29").containsEntry("min_samples", "30");
    }

    static List<PerformanceSample> samples(SplittableRandom random, int n, double medianMs, double sigma,
                                           double failureRate) {
        List<PerformanceSample> out = new ArrayList<>(n);
        double[] ms = RankTestsTest.lognormal(random, n, medianMs, sigma);
        for (int i = 0; i < n; i++) {
            boolean failed = random.nextDouble() < failureRate;
            out.add(new PerformanceSample("shop", "price", T0.plusMillis(i), Duration.ofNanos((long) (ms[i] * 1e6)),
                    !failed, failed ? "boom" : null, Map.of(), -1, -1));
        }
        return out;
    }
}
