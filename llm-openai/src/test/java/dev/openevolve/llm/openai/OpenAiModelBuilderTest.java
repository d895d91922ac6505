package dev.openevolve.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenAiModelBuilderTest {
    private final OpenAiModel.Builder builder = OpenAiModel.builder();

    @Test
    void rejectsOutOfRangeSamplingOptionsNamingKeyAndValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.temperature(2.5))
                .withMessage("'temperature' must be between 0 and 2 but was 2.5");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.temperature(Double.NaN))
                .withMessage("'temperature' must be between 0 and 2 but was NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.topP(0))
                .withMessage("'top_p' must be greater than 0 and at most 1 but was 0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxTokens(0))
                .withMessage("'max_tokens' must be at least 1 but was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxRetries(101))
                .withMessage("'retries' must be between 0 and 100 but was 101");
    }

    @Test
    void rejectsTimeoutsOutsideOneMillisecondToOneDay() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.timeout(Duration.ZERO))
                .withMessage("'timeout_seconds' must be between 0.001 and 86400 seconds but was 0.0 s");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.connectTimeout(Duration.ofDays(2)))
                .withMessage("'connect_timeout_seconds' must be between 0.001 and 86400 seconds but was 172800.0 s");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.requestTimeout(Duration.ofNanos(10)))
                .withMessageStartingWith("'request_timeout_seconds' must be between");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxRetryDelay(Duration.ofSeconds(-1)))
                .withMessageStartingWith("'max_retry_delay_seconds' must be between");
        assertThatNullPointerException().isThrownBy(() -> builder.timeout(null));
    }

    @Test
    void rejectsNegativePrices() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.outputCostPerMillion(-0.5))
                .withMessage("'output_cost_per_million' must be a finite number >= 0 but was -0.5");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.inputCostPerMillion(Double.POSITIVE_INFINITY))
                .withMessageStartingWith("'input_cost_per_million' must be a finite number");
    }

    @Test
    void rejectsControlCharactersInHeadersShowingTheValueUnlessItIsTheKey() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder.apiKey("sk-abc\u0007def"))
                .withMessage("'api_key' must not contain control characters");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.organization("org\r\nX-Evil: 1"))
                .withMessage("'organization' must not contain control characters but was 'org??X-Evil: 1'");
    }

    @Test
    void requiresAModelAndAKeyForOpenAisOwnEndpoint() {
        assertThatIllegalStateException().isThrownBy(() -> OpenAiModel.builder().build())
                .withMessage("'model' is required but was not set");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.model(" "))
                .withMessage("'model' must not be blank");
        assertThatIllegalStateException().isThrownBy(() -> OpenAiModel.builder().model("gpt-4o").apiKey(" ").build())
                .withMessageStartingWith("'api_key' is required for https://api.openai.com/v1 but was not set");
    }

    @Test
    void buildsAModelThatShowsNoKey() {
        try (var model = OpenAiModel.builder().model("gpt-4o").apiKey("sk-visible-nowhere").build()) {
            assertThat(model.name()).isEqualTo("gpt-4o");
            assertThat(model).hasToString("OpenAiModel{model=gpt-4o, endpoint=https://api.openai.com/v1, apiKey=****}");
        }
    }
}
