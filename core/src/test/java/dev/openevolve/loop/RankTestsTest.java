package dev.openevolve.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RankTestsTest {
    private static final double P_CORRECTED = 0.0019311877518429384;

    @Test
    void mannWhitneyMatchesScipyWithTiesAndContinuityCorrection() {
        // scipy.stats.mannwhitneyu(after, before, alternative=..., use_continuity=True, method='asymptotic')
        double[] before = {1.2, 3.4, 2.2, 2.2, 5.0, 4.1, 0.9, 3.3, 2.8, 2.2};
        double[] after = {2.9, 4.4, 5.5, 2.2, 6.1, 3.9, 4.8, 5.2, 3.3, 7.0, 4.0};

        RankTests.Result r = RankTests.mannWhitney(before, after);

        assertThat(r.statistic()).isEqualTo(90.0);
        assertThat(r.pGreater()).isCloseTo(0.007381526083346571, within(1e-6));
        assertThat(r.pLess()).isCloseTo(0.9939430825948625, within(1e-6));
    }

    @Test
    void twoProportionsMatchesThePooledZWithContinuityCorrection() {
        RankTests.Result r = RankTests.twoProportions(3, 200, 15, 180);

        // uncorrected z as in textbooks; p from (p2 - p1 - (1/n1 + 1/n2) / 2) / se, computed with scipy.stats.norm
        assertThat(r.z()).isCloseTo(3.1310147763581164, within(1e-9));
        assertThat(r.pGreater()).isCloseTo(P_CORRECTED, within(1e-6));
    }

    @Test
    void identicalSamplesAndNoFailuresAreNeverSignificant() {
        RankTests.Result same = RankTests.mannWhitney(new double[] {5, 5, 5}, new double[] {5, 5});
        RankTests.Result noFailures = RankTests.twoProportions(0, 50, 0, 70);

        assertThat(same.pGreater()).isEqualTo(1);
        assertThat(same.pLess()).isEqualTo(1);
        assertThat(noFailures.pGreater()).isEqualTo(1);
    }

    @Test
    void mannWhitneyRejectsAtMostAlphaOfTheTimeWhenNothingChanged() {
        var random = new SplittableRandom(42);
        int trials = 4000;
        int rejected = 0;
        for (int t = 0; t < trials; t++) {
            double[] before = lognormal(random, 30, 5, 0.4);
            double[] after = lognormal(random, 30, 5, 0.4);
            if (RankTests.mannWhitney(before, after).pGreater() < 0.05) {
                rejected++;
            }
        }
        // expected 200 of 4000; three binomial standard deviations above that is 241
        assertThat(rejected).isLessThan(241).isGreaterThan(140);
    }

    @Test
    void badInputIsRefusedNamingIt() {
        assertThatThrownBy(() -> RankTests.mannWhitney(new double[0], new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 and 1");
        assertThatThrownBy(() -> RankTests.mannWhitney(new double[] {Double.NaN}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> RankTests.twoProportions(5, 4, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 of 4");
    }

    static double[] lognormal(SplittableRandom random, int n, double medianMs, double sigma) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = medianMs * Math.exp(sigma * gaussian(random));
        }
        return v;
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
