package dev.openevolve.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.spi.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

    @Test
    void defaultsAreValid() {
        assertThat(OpenEvolveConfig.defaults().validate()).isEmpty();
        assertThat(OpenEvolveConfig.builder().build()).isEqualTo(OpenEvolveConfig.defaults());
    }

    @Test
    void everyBrokenRuleIsReportedAtOnceWithKeyRuleAndValue() {
        var badModel = new ModelConfig("OpenAI", " ", -1, Settings.of(Map.of("temperature", "hot", "top_p", "1.5",
                "max_tokens", "-5", "timeout_seconds", "-2", "retries", "-3", "seed", "x", "api_base", "ftp://x",
                "model", "")));
        var config = new OpenEvolveConfig(
                new EngineConfig(0, 0, 1, "Java!", true, 0, Double.POSITIVE_INFINITY, -1, 0),
                new LlmConfig(List.of(badModel, new ModelConfig("openai", "m", 0, Settings.empty())), 3.5, 0, 0,
                        Duration.ZERO, -1, -1, -1, 0),
                new ProgramsConfig(0, 0, 0, 1.5, 0.6, 0.7, List.of("a", " ", "a"), 0, Map.of("b", 0), 0, -0.1, -1),
                new PromptConfig(" ", -1, -1, true, -1, Path.of("/no/such/dir")),
                new EvaluationConfig(Duration.ofSeconds(-1), 0, -1, true, List.of(0.5, 1.5, Double.NaN), 0, 0),
                new StorageConfig("jdbc", "", " ", 0, "", "u", "pw"),
                new PerformanceConfig(1.1, false, 0, 0, Duration.ZERO, 0, -1));

        assertThat(config.validate()).extracting(ConfigProblem::message).containsExactly(
                "max_iterations must be at least 1 but was '0'",
                "checkpoint_interval must be at least 1 but was '0'",
                "language must be lower case, start with a letter and contain only letters, digits and + # . _ - "
                        + "but was 'Java!'",
                "max_code_length must be at least 1 but was '0'",
                "target_score must be a finite number but was 'Infinity'",
                "early_stopping_patience must be at least 0 but was '-1'",
                "parallel_iterations must be at least 1 but was '0'",
                "llm.temperature must be between 0 and 2 but was '3.5'",
                "llm.top_p must be greater than 0 and at most 1 but was '0'",
                "llm.max_tokens must be at least 1 but was '0'",
                "llm.timeout must be greater than 0 seconds but was '0'",
                "llm.retries must be at least 0 but was '-1'",
                "llm.max_cost_usd must be a finite number of at least 0 but was '-1'",
                "llm.max_total_tokens must be at least 0 but was '-1'",
                "llm.max_consecutive_failures must be at least 1 but was '0'",
                "llm.models[0].provider must be lower case, start with a letter and contain only letters, digits "
                        + "and + # . _ - but was 'OpenAI'",
                "llm.models[0].name must not be blank but was ' '",
                "llm.models[0].weight must be a finite number of at least 0 but was '-1'",
                "llm.models[0].temperature must be a number but was 'hot'",
                "llm.models[0].top_p must be greater than 0 and at most 1 but was '1.5'",
                "llm.models[0].timeout_seconds must be greater than 0 seconds but was '-2'",
                "llm.models[0].max_tokens must be at least 1 but was '-5'",
                "llm.models[0].retries must be at least 0 but was '-3'",
                "llm.models[0].seed must be an integer but was 'x'",
                "llm.models[0].api_base must be an http or https URL but was 'ftp://x'",
                "llm.models[0].model must not be blank but was ''",
                "programs.population_size must be at least 1 but was '0'",
                "programs.archive_size must be at least 1 but was '0'",
                "programs.num_islands must be at least 1 but was '0'",
                "programs.elite_selection_ratio must be between 0 and 1 but was '1.5'",
                "programs.feature_dimensions[1] must not be blank but was ' '",
                "programs.feature_dimensions[2] must not repeat an earlier dimension but was 'a'",
                "programs.feature_bins must be at least 1 but was '0'",
                "programs.feature_bins.b must be at least 1 but was '0'",
                "programs.migration_interval must be at least 1 but was '0'",
                "programs.migration_rate must be between 0 and 1 but was '-0.1'",
                "programs.num_inspirations must be at least 0 but was '-1'",
                "programs.exploration_ratio plus exploitation_ratio must be at most 1 but was '0.6 + 0.7'",
                "programs.feature_bins.b must name one of feature_dimensions [a,  , a] but was 'b'",
                "prompt.system_message must not be blank but was ' '",
                "prompt.num_top_programs must be at least 0 but was '-1'",
                "prompt.num_diverse_programs must be at least 0 but was '-1'",
                "prompt.max_artifact_chars must be at least 0 but was '-1'",
                "prompt.template_dir must be an existing directory but was '" + Path.of("/no/such/dir") + "'",
                "evaluation.timeout must be greater than 0 seconds but was '-1'",
                "evaluation.parallelism must be at least 1 but was '0'",
                "evaluation.max_retries must be at least 0 but was '-1'",
                "evaluation.cascade_thresholds[2] must be a finite number but was 'NaN'",
                "evaluation.memory_limit_mb must be at least 1 but was '0'",
                "evaluation.max_output_bytes must be at least 1 but was '0'",
                "database.port must be between 1 and 65535 but was '0'",
                "database.host must not be blank when provider is 'jdbc' and url is empty but was ' '",
                "database.name must not be blank when provider is 'jdbc' and url is empty but was ''",
                "performance.sampling_rate must be between 0 and 1 but was '1.1'",
                "performance.max_overhead_percent must be greater than 0 and at most 100 but was '0'",
                "performance.batch_size must be at least 1 but was '0'",
                "performance.flush_interval must be greater than 0 seconds but was '0'",
                "performance.buffer_capacity must be at least 1 but was '0'",
                "performance.cpu_sample_every must be at least 0 but was '-1'");
    }

    @Test
    void combinationRulesRelateValuesOfOneSection() {
        var config = OpenEvolveConfig.defaults();
        var bad = new OpenEvolveConfig(config.engine(),
                config.llm().withModels(List.of()).withMaxTokens(10),
                config.programs().withPopulationSize(10).withArchiveSize(20),
                config.prompt(), config.evaluation(),
                config.database().withUrl("jdbc:postgresql://app:s3cr3t@db/x?password=s3cr3t"),
                config.performance().withBatchSize(500).withBufferCapacity(100));
        assertThat(bad.validate()).extracting(ConfigProblem::message).containsExactly(
                "programs.population_size must be greater than archive_size + num_islands (20 + 5): the archive and "
                        + "each island's best are never evicted but was '10'",
                "performance.buffer_capacity must be at least batch_size (500) but was '100'");
        assertThat(bad.database().toString()).doesNotContain("s3cr3t")
                .contains("url=jdbc:postgresql://app:****@db/x?password=****");
    }

    @Test
    void modelWeightsMustNotAllBeZero() {
        var zero = List.of(new ModelConfig("openai", "a", 0, Settings.empty()),
                new ModelConfig("openai", "b", 0, Settings.empty()));
        assertThatThrownBy(() -> LlmConfig.defaults().withModels(zero))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("models must have a total weight greater than 0 but was '0'");
    }

    @Test
    void withersRejectABadArgumentNamingIt() {
        assertThatThrownBy(() -> EngineConfig.defaults().withMaxIterations(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxIterations must be at least 1 but was '0'");
        assertThatThrownBy(() -> LlmConfig.defaults().withTemperature(2.5))
                .hasMessage("temperature must be between 0 and 2 but was '2.5'");
        assertThatThrownBy(() -> LlmConfig.defaults().withModels(List.of(
                new ModelConfig("openai", "a", -2, Settings.empty()))))
                .hasMessage("models[0].weight must be a finite number of at least 0 but was '-2'");
        assertThatThrownBy(() -> ProgramsConfig.defaults().withFeatureDimensions(List.of()))
                .hasMessage("featureDimensions must name at least one dimension but was '[]'");
        assertThatThrownBy(() -> EvaluationConfig.defaults().withCascadeThresholds(List.of(0.9, Double.POSITIVE_INFINITY)))
                .hasMessage("cascadeThresholds[1] must be a finite number but was 'Infinity'");
        assertThatThrownBy(() -> PerformanceConfig.defaults().withFlushInterval(Duration.ofMillis(-500)))
                .hasMessage("flushInterval must be greater than 0 seconds but was '-0.5'");
        assertThatThrownBy(() -> StorageConfig.defaults().withPort(70_000))
                .hasMessage("port must be between 1 and 65535 but was '70000'");
        assertThatThrownBy(() -> PromptConfig.defaults().withNumTopPrograms(-1))
                .hasMessage("numTopPrograms must be at least 0 but was '-1'");
    }

    @Test
    void withersReturnACopyWithOnlyThatValueChanged() {
        EngineConfig engine = EngineConfig.defaults().withMaxIterations(5).withLanguage("python");
        assertThat(engine.maxIterations()).isEqualTo(5);
        assertThat(engine.language()).isEqualTo("python");
        assertThat(engine.checkpointInterval()).isEqualTo(EngineConfig.defaults().checkpointInterval());
        ProgramsConfig programs = ProgramsConfig.defaults().withBinsPerDimension(Map.of("complexity", 4));
        assertThat(programs.binsFor("complexity")).isEqualTo(4);
        assertThat(programs.binsFor("diversity")).isEqualTo(10);
    }

    @Test
    void builderChecksCombinationsAndListsEveryProblem() {
        var builder = OpenEvolveConfig.builder()
                .programs(ProgramsConfig.defaults().withExplorationRatio(0.5).withExploitationRatio(0.6))
                .performance(PerformanceConfig.defaults().withBufferCapacity(10));
        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration in OpenEvolveConfig.Builder (2 problems):\n"
                        + "  - programs.exploration_ratio plus exploitation_ratio must be at most 1 "
                        + "but was '0.5 + 0.6'\n"
                        + "  - performance.buffer_capacity must be at least batch_size (1000) but was '10'");
    }

    @Test
    void builderBuildsTheTreeFromSections() {
        var llm = LlmConfig.defaults().withModels(List.of(new ModelConfig("openai", "gpt-4o-mini", 1,
                Settings.of(Map.of("model", "gpt-4o-mini")))));
        OpenEvolveConfig config = OpenEvolveConfig.defaults().toBuilder()
                .engine(EngineConfig.defaults().withMaxIterations(3))
                .llm(llm)
                .build();
        assertThat(config.engine().maxIterations()).isEqualTo(3);
        assertThat(config.llm()).isEqualTo(llm);
        assertThat(config.programs()).isEqualTo(ProgramsConfig.defaults());
    }
}
