package dev.openevolve.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SilhouetteAndStatsTest {

    static Stream<SklearnFixture> fixturesWithSilhouette() {
        return Arrays.stream(SklearnFixture.NAMES).map(SklearnFixture::load)
                .filter(f -> f.silhouettePerCluster().length > 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixturesWithSilhouette")
    void perClusterSilhouetteEqualsScikitLearnsOnTheClusteredPoints(SklearnFixture f) {
        double[][] x = f.scaled() ? StandardScaler.fit(f.points()).transform(f.points()) : f.points();
        int[] labels = Dbscan.fit(x, f.eps(), f.minSamples());

        double[] silhouette = Silhouette.perCluster(x, labels, f.clusterCount());

        for (int c = 0; c < silhouette.length; c++) {
            assertThat(silhouette[c]).as("%s cluster %d", f, c).isCloseTo(f.silhouettePerCluster()[c], within(1e-9));
        }
    }

    @Test
    void silhouetteIsUndefinedForOneCluster() {
        assertThat(Silhouette.perCluster(new double[][] {{0}, {1}}, new int[] {0, 0}, 1)).containsExactly(Double.NaN);
    }

    @Test
    void silhouetteOfLargeClustersUsesABoundedEvenSample() {
        int n = 10_000;
        double[][] x = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            x[i] = new double[] {labels[i] * 100 + (i % 97) * 0.01};
        }

        double[] silhouette = Silhouette.perCluster(x, labels, 2);

        assertThat(silhouette[0]).isGreaterThan(0.99);
        assertThat(silhouette[1]).isGreaterThan(0.99);
    }

    @Test
    void quantilesInterpolateLinearlyLikeNumpy() {
        double[] v = {4, 1, 3, 2};

        assertThat(Stats.median(v)).isEqualTo(2.5);
        assertThat(Stats.quantile(v, 0.95)).isCloseTo(3.85, within(1e-12));
        assertThat(Stats.quantile(new double[] {7}, 0.95)).isEqualTo(7);
        assertThat(v).containsExactly(4, 1, 3, 2);
    }

    @Test
    void probabilityOfSuperiorityCountsTiesAsHalf() {
        assertThat(Stats.probabilityOfSuperiority(new double[] {5, 6}, new double[] {1, 2})).isEqualTo(1.0);
        assertThat(Stats.probabilityOfSuperiority(new double[] {1, 2}, new double[] {5, 6})).isEqualTo(0.0);
        assertThat(Stats.probabilityOfSuperiority(new double[] {3, 3}, new double[] {3, 3})).isEqualTo(0.5);
        assertThat(Stats.probabilityOfSuperiority(new double[] {2, 4}, new double[] {3})).isEqualTo(0.5);
    }
}
