package dev.openevolve.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.Controller;
import dev.openevolve.config.ConfigException;
import dev.openevolve.config.ConfigLoader;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.plugin.ProviderNotFoundException;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.internal.store.memory.MemoryStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationExecutorSelectionTest {
    private static final Evaluator CONSTANT = request -> EvaluationResult.success(Map.of("combined_score", 0.5));

    @Test
    void executorDefaultsToLocalAndIsReadFromTheEvaluationSection() {
        assertThat(ConfigLoader.fromYaml("", "empty.yaml", Map.of()).evaluation().executor()).isEqualTo("local");
        assertThat(ConfigLoader.fromYaml("evaluation: {executor: cluster}\n", "c.yaml", Map.of()).evaluation()
                .executor()).isEqualTo("cluster");
    }

    @Test
    void executorThatIsNoIdIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml("evaluation: {executor: 'Big Cluster'}\n", "c.yaml", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("evaluation.executor")
                .hasMessageContaining("Big Cluster");
        assertThatThrownBy(() -> OpenEvolveConfig.defaults().evaluation().withExecutor(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("executor");
    }

    @Test
    void withersKeepTheExecutor() {
        var cluster = OpenEvolveConfig.defaults().evaluation().withExecutor("cluster");
        assertThat(cluster.withTimeout(java.time.Duration.ofSeconds(3)).withParallelism(2).withMaxRetries(1)
                .withCascade(false).executor()).isEqualTo("cluster");
    }

    @Test
    void executorWithoutItsArtifactFailsNamingTheArtifactToAdd() {
        var config = OpenEvolveConfig.defaults().toBuilder()
                .evaluation(OpenEvolveConfig.defaults().evaluation().withExecutor("cluster")).build();
        try (var store = MemoryStore.create()) {
            assertThatThrownBy(() -> Controller.builder().config(config).initialProgram("x = 1\n").evaluator(CONSTANT)
                    .store(store).build())
                    .isInstanceOf(ProviderNotFoundException.class).hasMessageContaining("cluster")
                    .hasMessageContaining("dev.openevolve:openevolve-cluster");
        }
    }
}
