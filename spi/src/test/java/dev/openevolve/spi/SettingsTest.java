package dev.openevolve.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void secretValuesAreMaskedButTokenLimitsAreNot() {
        var s = Settings.of(Map.of("api_key", "sk-live-123", "db.password", "hunter2", "max_tokens", "4096",
                "model", "gpt"));
        assertThat(s.toString()).doesNotContain("sk-live-123").doesNotContain("hunter2")
                .contains("api_key=****").contains("max_tokens=4096").contains("model=gpt");
        assertThat(Settings.isSecretKey("OPENAI_API_KEY")).isTrue();
        assertThat(Settings.isSecretKey("max_total_tokens")).isFalse();
    }

    @Test
    void typedGettersNameTheKeyTheRuleAndTheValue() {
        var s = Settings.of(Map.of("retries", "three", "rate", "NaN", "flag", "yes", "api_key", "abc", "t", "-1"));
        assertThatThrownBy(() -> s.getInt("retries", 0)).hasMessage("setting 'retries' must be an integer but was 'three'");
        assertThatThrownBy(() -> s.getDouble("rate", 0)).hasMessage("setting 'rate' must be a finite number but was 'NaN'");
        assertThatThrownBy(() -> s.getBoolean("flag", false)).hasMessage("setting 'flag' must be true or false but was 'yes'");
        assertThatThrownBy(() -> s.getInt("api_key", 0)).hasMessageNotContaining("abc").hasMessageContaining("****");
        assertThatThrownBy(() -> s.getSeconds("t", Duration.ZERO)).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> s.require("absent")).hasMessage("setting 'absent' is required but was absent");
    }

    @Test
    void valuesReadBack() {
        var s = Settings.empty().with("n", "3").with("d", "1.5").with("b", "TRUE").with("t", "0.25");
        assertThat(s.getInt("n", 0)).isEqualTo(3);
        assertThat(s.getDouble("d", 0)).isEqualTo(1.5);
        assertThat(s.getBoolean("b", false)).isTrue();
        assertThat(s.getSeconds("t", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(s.getInt("missing", 7)).isEqualTo(7);
        assertThat(s.get("missing")).isEmpty();
    }
}
