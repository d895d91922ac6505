package dev.openevolve.metrics;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The adaptive rate against a deterministic cost model: a sampled operation costs the sampler {@code C} ns, an
 * unsampled one {@code U} ns, host operations take {@code D} ns, and each window's probes see that with ±10 %
 * seeded noise.
 */
class RateControllerTest {
    private static final double SAMPLED_COST = 150;
    private static final double BUDGET = 5.0;
    private final SplittableRandom noise = new SplittableRandom(3);

    @Test
    void convergesUnderTheBudgetWhenOperationsAreSmall() {
        RateController controller = new RateController(true, 1.0, BUDGET);
        for (int window = 0; window < 20; window++) {
            feed(controller, 1_000);
        }
        double overhead = trueOverheadPercent(controller.rate(), 1_000);
        assertThat(overhead).isLessThanOrEqualTo(BUDGET).isGreaterThan(BUDGET * 0.6);
        assertThat(controller.rate()).isBetween(0.18, 0.3);
        assertThat(controller.overheadPercent()).isCloseTo(overhead, within(1.0));
    }

    @Test
    void staysUnderTheBudgetInEveryWindowAfterTheFirstWhenOperationsShrink() {
        RateController controller = new RateController(true, 1.0, BUDGET);
        for (int window = 0; window < 10; window++) {
            feed(controller, 50_000);
        }
        assertThat(controller.rate()).isEqualTo(1.0);
        feed(controller, 2_000);
        for (int window = 0; window < 20; window++) {
            assertThat(trueOverheadPercent(controller.rate(), 2_000)).isLessThanOrEqualTo(BUDGET);
            feed(controller, 2_000);
        }
    }

    @Test
    void raisesTheRateAgainUpToTheCeilingWhenOperationsGrow() {
        RateController controller = new RateController(true, 0.5, BUDGET);
        for (int window = 0; window < 10; window++) {
            feed(controller, 500);
        }
        assertThat(controller.rate()).isBetween(0.05, 0.15);
        for (int window = 0; window < 10; window++) {
            feed(controller, 100_000);
        }
        assertThat(controller.rate()).isEqualTo(0.5);
    }

    @Test
    void holdsTheFloorWhenEvenUnsampledDecisionsExceedTheBudget() {
        RateController controller = new RateController(true, 1.0, BUDGET);
        for (int window = 0; window < 20; window++) {
            feed(controller, 80);
        }
        assertThat(controller.rate()).isEqualTo(RateController.MIN_RATE);
        assertThat(controller.overheadPercent()).isGreaterThan(BUDGET);
    }

    @Test
    void fixedModeReportsTheOverheadButKeepsTheRate() {
        RateController controller = new RateController(false, 1.0, BUDGET);
        for (int window = 0; window < 5; window++) {
            feed(controller, 1_000);
        }
        assertThat(controller.rate()).isEqualTo(1.0);
        assertThat(controller.overheadPercent()).isCloseTo(15.0, within(1.5));
    }

    @Test
    void windowsWithoutProbesChangeNothing() {
        RateController controller = new RateController(true, 0.1, BUDGET);
        assertThat(controller.update(0, 0, 0)).isEqualTo(0.1);
        assertThat(controller.overheadPercent()).isEqualTo(SamplerStats.NO_ESTIMATE);
    }

    private void feed(RateController controller, double durationNanos) {
        int probes = 100;
        long cost = 0;
        long duration = 0;
        for (int i = 0; i < probes; i++) {
            cost += Math.round(SAMPLED_COST * (0.9 + 0.2 * noise.nextDouble()));
            duration += Math.round(durationNanos * (0.9 + 0.2 * noise.nextDouble()));
        }
        controller.update(probes, cost, duration);
    }

    private static double trueOverheadPercent(double rate, double durationNanos) {
        return 100 * (rate * SAMPLED_COST + (1 - rate) * RateController.UNSAMPLED_COST_NANOS) / durationNanos;
    }
}
