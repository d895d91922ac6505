package dev.openevolve.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openevolve.spi.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenEvolveFormatTest {
    private final List<String> warnings = new ArrayList<>();

    private OpenEvolveConfig load(String yaml) {
        return ConfigLoader.fromYaml(yaml, "oe.yaml", Map.of(), warnings::add);
    }

    private List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
        assertThat(e).as("expected a ConfigException").isNotNull();
        return e.problems().stream().map(ConfigProblem::message).toList();
    }

    @Test
    void openEvolveConfigFileMapsEveryKeyWithACounterpart() throws IOException {
        String yaml = Files.readString(ConfigLoaderTest.resource("openevolve.yaml"));
        OpenEvolveConfig c = ConfigLoader.fromYaml(yaml, "openevolve.yaml", Map.of(), warnings::add);

        EngineConfig defaults = EngineConfig.defaults();
        assertThat(c.engine()).isEqualTo(new EngineConfig(400, 40, 123, "python", true, 8000, Double.NaN, 60,
                defaults.parallelIterations()));
        var shared = new HashMap<>(Map.of("api_base", "https://api.example.test/v1/",
                "api_key", "sk-openevolve-secret", "temperature", "0.6", "top_p", "0.9", "max_tokens", "8192",
                "timeout_seconds", "90", "retries", "5"));
        shared.put("model", "fast-model");
        var fast = new ModelConfig("openai", "fast-model", 0.75, Settings.of(shared));
        shared.put("model", "strong-model");
        var strong = new ModelConfig("openai", "strong-model", 0.25, Settings.of(shared));
        assertThat(c.llm()).isEqualTo(new LlmConfig(List.of(fast, strong), 0.6, 0.9, 8192, Duration.ofSeconds(90), 5,
                0, 0, 10));
        assertThat(c.prompt()).isEqualTo(new PromptConfig(
                "You are an expert coder helping to improve programs through evolution.", 5, 3, true, 10_240, null));
        assertThat(c.programs()).isEqualTo(new ProgramsConfig(800, 80, 4, 0.15, 0.25, 0.65,
                List.of("score", "complexity"), 6, Map.of(), 30, 0.2, ProgramsConfig.defaults().numInspirations()));
        EvaluationConfig evaluation = EvaluationConfig.defaults();
        assertThat(c.evaluation()).isEqualTo(new EvaluationConfig(Duration.ofSeconds(120), 6, 2, true,
                List.of(0.4, 0.7, 0.95), evaluation.memoryLimitMb(), evaluation.maxOutputBytes()));
        assertThat(c.database()).isEqualTo(StorageConfig.defaults());
        assertThat(c.performance()).isEqualTo(PerformanceConfig.defaults());

        assertThat(warnings).containsExactly("OpenEvolve configuration openevolve.yaml: ignoring keys without a "
                + "counterpart: log_level, log_dir, allow_full_rewrites, convergence_threshold, early_stopping_metric, "
                + "llm.retry_delay, prompt.evaluator_system_message, prompt.use_template_stochasticity, "
                + "prompt.template_variations, database.db_path, database.in_memory, database.diversity_metric, "
                + "evaluator.cpu_limit, evaluator.distributed, evaluator.use_llm_feedback, "
                + "evaluator.llm_feedback_weight");
        assertThat(c.toString()).doesNotContain("sk-openevolve-secret");
    }

    @Test
    void noWarningWhenNothingIsIgnored() {
        load("evaluator: {timeout: 10}\n");
        assertThat(warnings).isEmpty();
    }

    @Test
    void problemsAreShownUnderTheOpenEvolveKeys() {
        assertThat(problems("""
                database:
                  num_islands: many
                  exploration_ratio: 0.5
                  exploitation_ratio: 0.7
                evaluator:
                  paralel_evaluations: 4
                  parallel_evaluations: 0
                  cascade_evaluation: maybe
                prompt:
                  max_artifact_bytes: -1
                """)).containsExactly(
                "evaluator.paralel_evaluations is not a known key; did you mean 'evaluator.parallel_evaluations'?",
                "database.num_islands must be an integer but was 'many'",
                "evaluator.cascade_evaluation must be true or false but was 'maybe'",
                "database.exploration_ratio plus exploitation_ratio must be at most 1 but was '0.5 + 0.7'",
                "prompt.max_artifact_bytes must be at least 0 but was '-1'",
                "evaluator.parallel_evaluations must be at least 1 but was '0'");
    }

    @Test
    void seedModelsAreAppendedToTheModelListAsOpenEvolveDoes() {
        OpenEvolveConfig c = load("""
                llm:
                  models:
                    - {name: a, weight: 0.5, random_seed: 7, retry_delay: 2}
                  primary_model: b
                evaluator: {}
                """);
        assertThat(c.llm().models()).extracting(ModelConfig::name, ModelConfig::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 0.5),
                        org.assertj.core.groups.Tuple.tuple("b", 0.8));
        assertThat(c.llm().models().get(0).settings().get("seed")).contains("7");
        assertThat(c.llm().models().get(0).settings().get("retry_delay")).isEmpty();
        assertThat(warnings).containsExactly(
                "OpenEvolve configuration oe.yaml: ignoring keys without a counterpart: llm.models[0].retry_delay");
    }

    @Test
    void explicitLanguageWinsOverFileSuffix() {
        OpenEvolveConfig c = load("language: rust\nfile_suffix: .py\n");
        assertThat(c.engine().language()).isEqualTo("rust");
        assertThat(warnings).singleElement().asString().endsWith(": file_suffix");
        assertThat(load("file_suffix: .java\n").engine().language()).isEqualTo("java");
    }

    @Test
    void nativeOnlyKeysPassThrough() {
        OpenEvolveConfig c = load("""
                target_score: 0.9
                log_level: INFO
                llm: {max_cost_usd: 2.5}
                database: {num_islands: 2, num_inspirations: 1}
                evaluator: {max_output_bytes: 100}
                performance: {sampling_rate: 0.5}
                """);
        assertThat(c.engine().targetScore()).isEqualTo(0.9);
        assertThat(c.llm().maxCostUsd()).isEqualTo(2.5);
        assertThat(c.programs().numIslands()).isEqualTo(2);
        assertThat(c.programs().numInspirations()).isEqualTo(1);
        assertThat(c.evaluation().maxOutputBytes()).isEqualTo(100);
        assertThat(c.performance().samplingRate()).isEqualTo(0.5);
    }

    @Test
    void unknownTopLevelKeyIsWarnedAboutInOpenEvolveLayoutAsOpenEvolveSkipsIt() {
        var c = load("evaluator: {}\nmax_iteratons: 3\n");
        assertThat(c.engine().maxIterations()).isEqualTo(OpenEvolveConfig.defaults().engine().maxIterations());
        assertThat(warnings).singleElement().asString()
                .contains("max_iteratons (unknown to OpenEvolve too; did you mean 'max_iterations'?)");
    }

    @Test
    void keysOpenEvolveAcceptsAreNeverErrors() {
        var c = load(String.join("\n",
                "early_stopping_patience: -1",
                "diff_pattern: x",
                "llm: {provider: openai, primary_model: null, max_budget_usd: 3, models: [{name: m, provider: x}]}",
                "prompt: {template_dir: null, programs_as_changes_description: true}",
                "database: {population_size: 50, num_islands: 5, feature_dimensions: [score, complexity],",
                "           embedding_model: e, similarity_threshold: 0.9, novelty_llm: null}",
                "evaluator: {cascade_thresholds: [0.5, 1.2], parallel_evaluations: 3}", ""));
        assertThat(c.engine().earlyStoppingPatience()).isZero();
        assertThat(c.llm().maxCostUsd()).isEqualTo(3);
        assertThat(c.programs().archiveSize()).isEqualTo(44);
        assertThat(c.programs().featureDimensions()).containsExactly("score", "complexity");
        assertThat(c.evaluation().cascadeThresholds()).containsExactly(0.5, 1.2);
        assertThat(c.evaluation().parallelism()).isEqualTo(3);
        assertThat(c.prompt().programsAsChangesDescription()).isTrue();
        assertThat(c.programs().noveltyThreshold()).isEqualTo(0.9);
        assertThat(c.programs().noveltyLlm()).isEmpty();
        assertThat(warnings).singleElement().asString().contains("llm.provider")
                .contains("database.embedding_model (novelty compares code by token shingles, not embeddings)")
                .doesNotContain("programs_as_changes_description");
    }

    @Test
    void changesDescriptionAndNoveltyKeysReachTheConfiguration() {
        var c = load(String.join("\n",
                "prompt: {programs_as_changes_description: true, system_message_changes_description: 'Keep it short.',",
                "         initial_changes_description: 'A plain loop.'}",
                "database: {novelty_llm: judge-model}", ""));
        assertThat(c.prompt().systemMessageChangesDescription()).isEqualTo("Keep it short.");
        assertThat(c.prompt().initialChangesDescription()).isEqualTo("A plain loop.");
        assertThat(c.programs().noveltyThreshold()).as("OpenEvolve's default similarity_threshold").isEqualTo(0.99);
        assertThat(c.programs().noveltyLlm()).isEqualTo("judge-model");
        assertThat(load("database: {similarity_threshold: 0.5}\n").programs().noveltyEnabled())
                .as("no embedding_model and no novelty_llm: novelty is off, as in OpenEvolve").isFalse();
    }

    @Test
    void changesDescriptionModeWithFullRewritesIsRefusedAtLoad() {
        assertThat(problems("diff_based_evolution: false\nprompt: {programs_as_changes_description: true}\n"
                + "evaluator: {}\n")).containsExactly("prompt.programs_as_changes_description needs "
                + "diff_based_evolution: true (a full rewrite cannot update the code and its changes description "
                + "together) but was 'true'");
        assertThat(problems("database: {embedding_model: e, similarity_threshold: 1.5}\n")).containsExactly(
                "database.similarity_threshold must be between 0 and 1 but was '1.5'");
    }

    @Test
    void aPopulationTheArchiveAndIslandsWouldFillIsRefusedAtLoad() {
        assertThat(problems("database: {population_size: 30, archive_size: 25, num_islands: 5}\n")).containsExactly(
                "database.population_size must be greater than archive_size + num_islands (25 + 5): the archive and "
                        + "each island's best are never evicted but was '30'");
    }

    @Test
    void passEnvNamesVariablesButNeverSecrets() {
        assertThat(load("evaluator: {pass_env: [DATA_DIR, LD_LIBRARY_PATH]}\n").evaluation().passEnv())
                .containsExactly("DATA_DIR", "LD_LIBRARY_PATH");
        assertThat(OpenEvolveConfig.defaults().evaluation().passEnv()).isEmpty();
        assertThat(problems("evaluator: {pass_env: [OPENAI_API_KEY, 'A B']}\n")).containsExactly(
                "evaluator.pass_env[0] must not name a secret (key, token, secret, password) but was 'OPENAI_API_KEY'",
                "evaluator.pass_env[1] must be an environment variable name but was 'A B'");
    }

    @Test
    void offlineDropsEveryConfiguredModel() {
        var c = load("llm: {offline: true, api_base: 'http://127.0.0.1:9/v1', primary_model: m}\n"
                + "evaluator: {}\n");
        assertThat(c.llm().models()).isEmpty();
        var online = load("llm: {api_base: 'http://127.0.0.1:9/v1', primary_model: m}\nevaluator: {}\n");
        assertThat(online.llm().models()).hasSize(1);
    }
}
