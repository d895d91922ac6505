package dev.openevolve.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnalysisSettingsTest {

    @Test
    void builderChangesOnlyWhatItIsTold() {
        AnalysisSettings s = AnalysisSettings.builder().minSamples(50).eps(0.5).build();

        assertThat(s.minSamples()).isEqualTo(50);
        assertThat(s.eps()).isEqualTo(0.5);
        assertThat(s.toBuilder().build()).isEqualTo(s);
        assertThat(s.minConfidence()).isEqualTo(AnalysisSettings.defaults().minConfidence());
    }

    @Test
    void settersRejectBadValuesNamingKeyRuleAndValue() {
        AnalysisSettings.Builder b = AnalysisSettings.builder();
        assertThatThrownBy(() -> b.minSamples(0)).hasMessage("minSamples must be at least 1 but was 0");
        assertThatThrownBy(() -> b.minConfidence(1.5)).hasMessage("minConfidence must be in [0, 1] but was 1.5");
        assertThatThrownBy(() -> b.eps(-0.3)).hasMessage("eps must be finite and greater than 0 but was -0.3");
        assertThatThrownBy(() -> b.dbscanMinSamples(0)).hasMessage("dbscanMinSamples must be at least 1 but was 0");
        assertThatThrownBy(() -> b.slowdownFactor(1.0)).hasMessage("slowdownFactor must be finite and greater than 1 but was 1.0");
        assertThatThrownBy(() -> b.regressionFactor(Double.NaN))
                .hasMessage("regressionFactor must be finite and greater than 1 but was NaN");
        assertThatThrownBy(() -> b.outlierZ(0)).hasMessage("outlierZ must be finite and greater than 0 but was 0.0");
        assertThatThrownBy(() -> b.maxSampleAge(Duration.ZERO)).hasMessage("maxSampleAge must be positive but was PT0S");
        assertThatThrownBy(() -> new AnalysisSettings(10, 0.7, Double.POSITIVE_INFINITY, 5, 2, 1.2, 3.5, Duration.ofDays(1)))
                .hasMessage("eps must be finite and greater than 0 but was Infinity");
    }
}
