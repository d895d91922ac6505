package dev.openevolve.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestFactoryTest {

    @ParameterizedTest
    @ValueSource(strings = {"o1", "o1-mini", "o1-preview", "o3", "o3-mini-2025-01-31", "o4-mini", "O3", "gpt-5",
            "gpt-5-mini", "gpt-5.1", "openai/o3-mini", "azure/gpt-5-nano"})
    void recognisesReasoningModels(String model) {
        assertThat(RequestFactory.isReasoningModel(model)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-4o", "gpt-4o-mini", "gpt-4.1", "llama3", "o", "omni-model", "qwen2.5-coder:7b",
            "ollama/llama3", "gpt-50x", "gpt-4.5-preview", "deepseek-o1"})
    void treatsOtherModelsAsOrdinary(String model) {
        assertThat(RequestFactory.isReasoningModel(model)).as(model).isFalse();
    }

    @Test
    void requestSeedIsRepeatableNonNegativeAndSpread() {
        assertThat(RequestFactory.requestSeed(42, 7)).isEqualTo(RequestFactory.requestSeed(42, 7));
        var seen = new HashSet<Integer>();
        for (long perCall = -500; perCall < 500; perCall++) {
            int seed = RequestFactory.requestSeed(42, perCall);
            assertThat(seed).isNotNegative();
            seen.add(seed);
        }
        assertThat(seen).hasSize(1000);
        assertThat(RequestFactory.requestSeed(1, 7)).isNotEqualTo(RequestFactory.requestSeed(2, 7));
    }
}
