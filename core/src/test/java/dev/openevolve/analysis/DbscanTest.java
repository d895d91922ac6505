package dev.openevolve.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DbscanTest {

    static Stream<SklearnFixture> fixtures() {
        return Arrays.stream(SklearnFixture.NAMES).map(SklearnFixture::load);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void labelsAndCorePointsEqualScikitLearns(SklearnFixture f) {
        double[][] x = f.scaled() ? StandardScaler.fit(f.points()).transform(f.points()) : f.points();

        DbscanResult result = Dbscan.run(x, f.eps(), f.minSamples());

        assertThat(result.labels()).containsExactly(f.labels());
        assertThat(result.coreSampleIndices()).containsExactly(f.coreIndices());
        assertThat(result.clusterCount()).isEqualTo(f.clusterCount());
        assertThat(Dbscan.fit(x, f.eps(), f.minSamples())).containsExactly(f.labels());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void labelsDoNotDependOnTheTreeButOnlyOnTheRule(SklearnFixture f) {
        double[][] x = f.scaled() ? StandardScaler.fit(f.points()).transform(f.points()) : f.points();

        assertThat(Dbscan.fit(x, f.eps(), f.minSamples())).containsExactly(BruteForceDbscan.fit(x, f.eps(), f.minSamples()));
    }

    @Test
    void randomDataWithManyTiesMatchesTheBruteForceRule() {
        Random random = new Random(42);
        for (int trial = 0; trial < 33; trial++) {
            int n = trial < 30 ? 1 + random.nextInt(400) : 2500;
            int d = 1 + random.nextInt(4);
            double[][] x = new double[n][d];
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    row[j] = random.nextInt(12) * 0.25;
                }
            }
            double eps = 0.25 * (1 + random.nextInt(3));
            int minSamples = 1 + random.nextInt(8);

            assertThat(Dbscan.fit(x, eps, minSamples))
                    .as("trial %d: n=%d d=%d eps=%s minSamples=%d", trial, n, d, eps, minSamples)
                    .containsExactly(BruteForceDbscan.fit(x, eps, minSamples));
        }
    }

    @Test
    void aBorderPointReachableFromTwoClustersJoinsTheOneWithTheLowerSeedIndex() {
        double[][] x = {{10}, {10}, {10}, {5}, {0}, {0}, {0}, {9}, {1}};
        // cores: 0,1,2,7 (around 10) and 4,5,6,8 (around 0); point 3 at 5 is within eps 4 of 1 and 9
        int[] labels = Dbscan.fit(x, 4.0, 4);

        assertThat(labels).containsExactly(0, 0, 0, 0, 1, 1, 1, 0, 1);
    }

    @Test
    void aPointCountsItselfAndDistanceEqualToEpsIsANeighbour() {
        double[][] x = {{0, 0}, {3, 4}};

        assertThat(Dbscan.fit(x, 5.0, 2)).containsExactly(0, 0);
        assertThat(Dbscan.fit(x, Math.nextDown(5.0), 2)).containsExactly(-1, -1);
        assertThat(Dbscan.fit(x, 1.0, 1)).containsExactly(0, 1);
    }

    @Test
    void emptyInputGivesEmptyLabels() {
        DbscanResult result = Dbscan.run(new double[0][], 0.3, 5);

        assertThat(result.labels()).isEmpty();
        assertThat(result.clusterCount()).isZero();
    }

    @Test
    void oneSampleIsNoiseUnlessMinSamplesIsOne() {
        assertThat(Dbscan.fit(new double[][] {{1, 2}}, 0.3, 5)).containsExactly(-1);
        assertThat(Dbscan.fit(new double[][] {{1, 2}}, 0.3, 1)).containsExactly(0);
    }

    @Test
    void identicalPointsFormOneClusterOnceThereAreEnough() {
        double[][] same = new double[1000][];
        Arrays.setAll(same, i -> new double[] {7, 7, 7});

        DbscanResult result = Dbscan.run(same, 0.3, 5);

        assertThat(result.labels()).containsOnly(0);
        assertThat(result.coreSampleIndices()).hasSize(1000);
        assertThat(Dbscan.fit(Arrays.copyOf(same, 4), 0.3, 5)).containsOnly(-1);
    }

    @Test
    void aSingleColumnIsClusteredLikeAnyOther() {
        double[][] x = {{0}, {0.1}, {0.2}, {5}, {5.1}, {5.2}, {20}};

        assertThat(Dbscan.fit(x, 0.15, 2)).containsExactly(0, 0, 0, 1, 1, 1, -1);
    }

    @Test
    void nanAndInfinityAreRejectedNamingRowAndColumn() {
        assertThatThrownBy(() -> Dbscan.fit(new double[][] {{0, 1}, {2, Double.NaN}}, 0.3, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("points[1][1] must be finite but was NaN");
        assertThatThrownBy(() -> Dbscan.fit(new double[][] {{Double.NEGATIVE_INFINITY}}, 0.3, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("points[0][0] must be finite but was -Infinity");
    }

    @Test
    void raggedAndColumnlessRowsAreRejected() {
        assertThatThrownBy(() -> Dbscan.fit(new double[][] {{0, 1}, {2}}, 0.3, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("points[1] has 1 columns but row 0 has 2; all rows must have the same length");
        assertThatThrownBy(() -> Dbscan.fit(new double[][] {{}}, 0.3, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("points must have at least one column but row 0 has none");
    }

    @Test
    void epsAndMinSamplesAreValidated() {
        double[][] x = {{0}};
        assertThatThrownBy(() -> Dbscan.fit(x, 0, 5)).hasMessage("eps must be finite and greater than 0 but was 0.0");
        assertThatThrownBy(() -> Dbscan.fit(x, Double.NaN, 5)).hasMessage("eps must be finite and greater than 0 but was NaN");
        assertThatThrownBy(() -> Dbscan.fit(x, Double.POSITIVE_INFINITY, 5))
                .hasMessage("eps must be finite and greater than 0 but was Infinity");
        assertThatThrownBy(() -> Dbscan.fit(x, 0.3, 0)).hasMessage("minSamples must be at least 1 but was 0");
    }

    @Test
    void resultCopiesItsArrays() {
        DbscanResult result = Dbscan.run(new double[][] {{0}, {0}}, 1, 2);
        result.labels()[0] = 99;
        result.coreMask()[0] = false;

        assertThat(result.label(0)).isZero();
        assertThat(result.isCore(0)).isTrue();
        assertThat(result.noiseCount()).isZero();
        assertThat(result.size()).isEqualTo(2);
    }

    @Test
    void theSeedsStandardisedSuccessColumnNeverLetsSuccessAndFailureShareACluster() {
        SklearnFixture seed = SklearnFixture.load("heavy_tailed_scaled");
        double[][] x = StandardScaler.fit(seed.points()).transform(seed.points());
        int[] labels = Dbscan.fit(x, 0.3, 5);

        java.util.Map<Integer, java.util.Set<Double>> outcomes = new java.util.HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0) {
                outcomes.computeIfAbsent(labels[i], k -> new java.util.HashSet<>()).add(seed.points()[i][3]);
            }
        }
        assertThat(outcomes).isNotEmpty();
        assertThat(outcomes.values()).allSatisfy(set -> assertThat(set).hasSize(1));
    }
}
