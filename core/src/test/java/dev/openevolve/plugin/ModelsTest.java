package dev.openevolve.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.config.LlmConfig;
import dev.openevolve.config.ModelConfig;
import dev.openevolve.internal.llm.MutationModel;
import dev.openevolve.spi.Settings;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsTest {
    @Test
    void theOfflineModelAnswersInTheModeTheRunAsksFor() {
        assertThat(((MutationModel) Models.fromConfig(LlmConfig.defaults(), true)).fullRewrites()).isFalse();
        assertThat(((MutationModel) Models.fromConfig(LlmConfig.defaults(), false)).fullRewrites()).isTrue();

        var configured = LlmConfig.defaults().withModels(List.of(new ModelConfig("mutation", "mutation", 1,
                Settings.of(java.util.Map.of("scale", "0.5")))));
        var rewriting = (MutationModel) Models.fromConfig(configured, false);
        assertThat(rewriting.fullRewrites()).isTrue();
        assertThat(rewriting.scale()).isEqualTo(0.5);
    }

    @Test
    void aModelWhoseProviderIsMissingFailsNamingTheArtifact() {
        var configured = LlmConfig.defaults().withModels(List.of(new ModelConfig("openai", "gpt-4o", 1,
                Settings.empty())));
        assertThatThrownBy(() -> Models.fromConfig(configured, true))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessageContaining("dev.openevolve:openevolve-llm-openai");
    }
}
