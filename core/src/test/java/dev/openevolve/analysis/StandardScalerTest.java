package dev.openevolve.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StandardScalerTest {
    private static final double RELATIVE = 1e-12;

    static Stream<SklearnFixture> fixtures() {
        return Arrays.stream(SklearnFixture.NAMES).map(SklearnFixture::load);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void meanVarianceAndScaleEqualScikitLearnsToTwelveDigits(SklearnFixture f) {
        StandardScaler scaler = StandardScaler.fit(f.points());

        for (int j = 0; j < f.scalerMean().length; j++) {
            assertClose(scaler.mean()[j], f.scalerMean()[j], Math.max(Math.abs(f.scalerMean()[j]), f.scalerScale()[j]),
                    f + " mean[" + j + "]");
            assertClose(scaler.scale()[j], f.scalerScale()[j], f.scalerScale()[j], f + " scale[" + j + "]");
            assertClose(scaler.variance()[j], f.scalerVar()[j], Math.max(f.scalerVar()[j], Double.MIN_NORMAL),
                    f + " var[" + j + "]");
        }
        assertThat(scaler.samples()).isEqualTo(f.points().length);
        assertThat(scaler.features()).isEqualTo(f.scalerMean().length);
    }

    private static void assertClose(double actual, double expected, double magnitude, String what) {
        assertThat(Math.abs(actual - expected)).as(what + ": " + actual + " vs " + expected)
                .isLessThanOrEqualTo(RELATIVE * magnitude);
    }

    @Test
    void constantAndNearConstantColumnsGetScaleOneAndTransformToZero() {
        SklearnFixture edge = SklearnFixture.load("scaler_edge");
        StandardScaler scaler = StandardScaler.fit(edge.points());

        assertThat(scaler.scale()[0]).isEqualTo(1.0);
        assertThat(scaler.scale()[1]).isEqualTo(1.0);
        assertThat(edge.scalerScale()[1]).isEqualTo(1.0);
        double[][] scaled = scaler.transform(edge.points());
        assertThat(Arrays.stream(scaled).mapToDouble(r -> r[0])).containsOnly(0.0);
        assertThat(Arrays.stream(scaled).flatMapToDouble(Arrays::stream)).allMatch(Double::isFinite);
    }

    @Test
    void transformCentresAndScalesEachColumn() {
        StandardScaler scaler = StandardScaler.fit(new double[][] {{1, 10}, {3, 10}, {5, 10}});

        assertThat(scaler.mean()).containsExactly(3, 10);
        assertThat(scaler.scale()[0]).isEqualTo(Math.sqrt(8.0 / 3));
        double[][] t = scaler.transform(new double[][] {{3, 10}, {5, 12}});
        assertThat(t[0]).containsExactly(0, 0);
        assertThat(t[1]).containsExactly(2 / Math.sqrt(8.0 / 3), 2);
    }

    @Test
    void oneSampleGivesItsValuesAsMeanAndScaleOne() {
        StandardScaler scaler = StandardScaler.fit(new double[][] {{4, -2}});

        assertThat(scaler.mean()).containsExactly(4, -2);
        assertThat(scaler.scale()).containsExactly(1, 1);
        assertThat(scaler.variance()).containsExactly(0, 0);
    }

    @Test
    void badInputIsRejectedWithRowAndColumn() {
        assertThatThrownBy(() -> StandardScaler.fit(new double[0][]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x must have at least one row but has none");
        assertThatThrownBy(() -> StandardScaler.fit(new double[][] {{1, 2}, {Double.POSITIVE_INFINITY, 3}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x[1][0] must be finite but was Infinity");
        assertThatThrownBy(() -> StandardScaler.fit(new double[][] {{1, 2}, {3, Double.NaN}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x[1][1] must be finite but was NaN");
        StandardScaler scaler = StandardScaler.fit(new double[][] {{1, 2}});
        assertThatThrownBy(() -> scaler.transform(new double[][] {{1, 2, 3}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x must have 2 columns, as the scaler was fitted to, but has 3");
    }

    @Test
    void accessorsReturnCopies() {
        StandardScaler scaler = StandardScaler.fit(new double[][] {{1}, {3}});
        scaler.mean()[0] = 42;
        scaler.scale()[0] = 42;

        assertThat(scaler.mean()).containsExactly(2);
        assertThat(scaler.scale()).containsExactly(1);
    }
}
