package dev.openevolve.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openevolve.spi.Settings;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    static Path resource(String name) {
        try {
            return Path.of(ConfigLoaderTest.class.getResource("/config/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ConfigException failure(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.fromYaml(yaml, "test.yaml", Map.of()));
    }

    static List<String> messages(String yaml) {
        ConfigException e = failure(yaml);
        assertThat(e).as("expected a ConfigException").isNotNull();
        return e.problems().stream().map(ConfigProblem::message).toList();
    }

    @Test
    void emptyDocumentGivesTheDefaults() {
        assertThat(ConfigLoader.fromYaml("", "empty.yaml", Map.of())).isEqualTo(OpenEvolveConfig.defaults());
        assertThat(ConfigLoader.fromYaml("# only a comment\n", "c.yaml", Map.of()))
                .isEqualTo(OpenEvolveConfig.defaults());
    }

    @Test
    void nativeFileMapsEveryKey() {
        OpenEvolveConfig c = ConfigLoader.load(resource("native.yaml"), Map.of());

        assertThat(c.engine()).isEqualTo(new EngineConfig(250, 25, 7, "python", false, 20_000, 0.95, 30, 3));
        Map<String, String> common = Map.of("top_p", "0.9", "max_tokens", "2048", "retries", "2");
        assertThat(c.llm().models()).containsExactly(
                new ModelConfig("openai", "big-model", 0.7, settings(common, "model", "big-model",
                        "temperature", "0.2", "timeout_seconds", "45", "api_base", "https://llm.example.test/v1",
                        "api_key", "sk-native-secret", "organization", "org-42")),
                new ModelConfig("openai", "local-model", 0.3, settings(common, "model", "local-model",
                        "temperature", "0.4", "timeout_seconds", "120", "api_base", "http://127.0.0.1:8000/v1",
                        "api_key", "sk-local-secret")),
                new ModelConfig("mutation", "offline", 0.1, settings(common, "model", "offline",
                        "temperature", "0.4", "timeout_seconds", "45", "api_base", "https://llm.example.test/v1",
                        "api_key", "sk-native-secret")));
        assertThat(c.llm()).isEqualTo(new LlmConfig(c.llm().models(), 0.4, 0.9, 2048, Duration.ofSeconds(45), 2,
                12.5, 1_000_000, 4));
        assertThat(c.programs()).isEqualTo(new ProgramsConfig(500, 50, 3, 0.2, 0.3, 0.6,
                List.of("complexity", "score"), 10, Map.of("complexity", 8, "score", 12), 20, 0.05, 4));
        assertThat(c.prompt()).isEqualTo(new PromptConfig("You improve sorting code.", 4, 1, false, 1500, null));
        assertThat(c.evaluation()).isEqualTo(new EvaluationConfig(Duration.ofMillis(30_500), 2, 1, false,
                List.of(0.3, 0.6), 256, 65_536));
        assertThat(c.database()).isEqualTo(new StorageConfig("jdbc",
                "jdbc:postgresql://db.example.test:5433/evolve", "db.example.test", 5433, "evolve", "evolver",
                "hunter2-secret"));
        assertThat(c.performance()).isEqualTo(new PerformanceConfig(0.25, true, 2.5, 200, Duration.ofSeconds(5),
                4096, 4));
    }

    private static Settings settings(Map<String, String> common, String... pairs) {
        var map = new java.util.HashMap<>(common);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Settings.of(map);
    }

    @Test
    void seedPrimaryAndSecondaryModelsBecomeAnEnsembleWeighted80To20() {
        OpenEvolveConfig c = ConfigLoader.fromYaml("""
                llm:
                  primary_model: gpt-4o-mini
                  secondary_model: gpt-4o
                  api_base: http://127.0.0.1:9999/v1
                """, "seed.yaml", Map.of());
        assertThat(c.llm().models()).extracting(ModelConfig::provider, ModelConfig::name, ModelConfig::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("openai", "gpt-4o-mini", 0.8),
                        org.assertj.core.groups.Tuple.tuple("openai", "gpt-4o", 0.2));
        assertThat(c.llm().models().get(1).settings().asMap()).containsEntry("model", "gpt-4o")
                .containsEntry("api_base", "http://127.0.0.1:9999/v1").containsEntry("temperature", "0.7")
                .containsEntry("timeout_seconds", "60").doesNotContainKey("api_key");
    }

    @Test
    void secondaryModelOfWeightZeroIsLeftOut() {
        OpenEvolveConfig c = ConfigLoader.fromYaml("""
                llm: {primary_model: a, secondary_model: b, secondary_model_weight: 0}
                """, "seed.yaml", Map.of());
        assertThat(c.llm().models()).extracting(ModelConfig::name).containsExactly("a");
    }

    @Test
    void unknownKeysAreReportedWithTheClosestKnownKey() {
        assertThat(messages("""
                max_iteration: 5
                llm:
                  temprature: 0.5
                programs:
                  populaton_size: 10
                  colour: red
                perfomance: {}
                """)).containsExactly(
                "max_iteration is not a known key; did you mean 'max_iterations'?",
                "perfomance is not a known key; did you mean 'performance'?",
                "llm.temprature is not a known key; did you mean 'llm.temperature'?",
                "programs.populaton_size is not a known key; did you mean 'programs.population_size'?",
                "programs.colour is not a known key");
    }

    @Test
    void wrongTypesAreReportedWithTheValueAsWritten() {
        assertThat(messages("""
                max_iterations: "100"
                diff_based_evolution: yes please
                llm:
                  temperature: warm
                  timeout: [1]
                  models: {name: x}
                programs:
                  feature_dimensions: [complexity, 3]
                  feature_bins: lots
                evaluation: 5
                performance:
                  flush_interval: soon
                """)).containsExactly(
                "max_iterations must be an integer but was '100'",
                "diff_based_evolution must be true or false but was 'yes please'",
                "llm.temperature must be a number but was 'warm'",
                "llm.timeout must be a number of seconds but was '[1 item]'",
                "llm.models must be a list of mappings but was '{name}'",
                "programs.feature_bins must be an integer or a mapping of dimension to integer but was 'lots'",
                "programs.feature_dimensions[1] must be a string but was '3'",
                "evaluation must be a mapping but was '5'",
                "performance.flush_interval must be a number of seconds but was 'soon'");
    }

    @Test
    void readingAndValidationProblemsComeTogetherNamingTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, """
                max_iterations: 0
                llm:
                  temperature: 3.5
                  tmeout: 5
                database:
                  port: http
                """);
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration in " + file + " (4 problems):\n"
                        + "  - llm.tmeout is not a known key; did you mean 'llm.timeout'?\n"
                        + "  - database.port must be an integer but was 'http'\n"
                        + "  - max_iterations must be at least 1 but was '0'\n"
                        + "  - llm.temperature must be between 0 and 2 but was '3.5'");
    }

    @Test
    void malformedYamlNamesFileLineAndColumn() {
        ConfigException e = failure("llm:\n  temperature: 0.5\n  models: [a, b\nmax_iterations: 3\n");
        assertThat(e).hasMessage("Invalid configuration in test.yaml (1 problem):\n"
                + "  - test.yaml is not valid YAML at line 4, column 15: expected ',' or ']', but got :");
    }

    @Test
    void malformedYamlNeverQuotesTheOffendingLine() {
        ConfigException e = failure("llm:\n  api_key: sk-live-abc: def\n");
        assertThat(e.getMessage()).contains("line 2, column 23").doesNotContain("sk-live-abc");
    }

    @Test
    void duplicateKeysAreMalformed() {
        assertThat(messages("max_iterations: 1\nmax_iterations: 2\n")).singleElement().asString()
                .startsWith("test.yaml is not valid YAML at line 2").endsWith("Duplicate field 'max_iterations'");
    }

    @Test
    void topLevelMustBeAMapping() {
        assertThat(messages("- a\n- b\n")).containsExactly("test.yaml must hold a mapping of keys at the top level, "
                + "not a list");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration in " + missing + " (1 problem):\n  - " + missing
                        + " does not exist");
    }

    @Test
    void nullValuesKeepTheirDefaults() {
        OpenEvolveConfig c = ConfigLoader.fromYaml("max_iterations: null\nllm:\n  temperature: ~\n", "n.yaml",
                Map.of());
        assertThat(c).isEqualTo(OpenEvolveConfig.defaults());
    }

    @Test
    void modelEntriesAcceptOneSpellingPerSetting() {
        assertThat(messages("""
                llm:
                  models:
                    - name: a
                      model: b
                    - api_base: http://x
                      base_url: http://y
                      name: c
                    - weight: 1
                    - name: d
                      headers: {authorization: "Bearer sk-nested-secret"}
                """)).containsExactly(
                "llm.models[0].model repeats llm.models[0].name; give only one",
                "llm.models[1].base_url repeats llm.models[1].api_base; give only one",
                "llm.models[2].name must be set",
                "llm.models[3].headers must be a string, number or boolean but was '{authorization}'");
    }

    @Test
    void seedModelsCannotBeMixedWithAModelList() {
        assertThat(messages("llm:\n  primary_model: a\n  models: [{name: b}]\n")).containsExactly(
                "llm.primary_model cannot be combined with llm.models; list every model under models");
    }

    @Test
    void mixingBothLayoutsIsAProblem() {
        assertThat(messages("programs: {num_islands: 2}\nevaluator: {timeout: 5}\n")).containsExactly(
                "test.yaml mixes OpenEvolve keys [evaluator] with native keys [programs]; use one layout");
    }

    @Test
    void secretsAreMaskedInEveryToStringAndMessage() {
        OpenEvolveConfig c = ConfigLoader.load(resource("native.yaml"), Map.of());
        for (Object part : List.of(c, c.llm(), c.llm().models().get(0), c.llm().models().get(1), c.database())) {
            assertThat(part.toString()).doesNotContain("sk-native-secret", "sk-local-secret", "hunter2-secret");
        }
        assertThat(c.toString()).contains("api_key=****", "password=****");

        ConfigException e = failure("""
                llm:
                  api_key: 12345
                  models: [{name: a, api_key: 67890, temperature: 9}]
                database: {password: 424242, url: "mysql://u:s3cr3t@h/x"}
                """);
        assertThat(e.getMessage()).doesNotContain("12345", "67890", "424242", "s3cr3t")
                .contains("llm.api_key must be a string but was '****'",
                        "database.password must be a string but was '****'",
                        "database.url must start with 'jdbc:' but was 'mysql://u:****@h/x'",
                        "llm.models[0].temperature must be between 0 and 2 but was '9'");
    }

    @Test
    void aRelativeTemplateDirIsFoundBesideTheConfigFileAndTheNewKeysLoad(@TempDir Path dir) throws IOException {
        Path templates = Files.createDirectories(dir.resolve("conf/prompts"));
        Path file = dir.resolve("conf/openevolve.yaml");
        Files.writeString(file, String.join("\n",
                "prompt: {template_dir: prompts, programs_as_changes_description: true,",
                "         initial_changes_description: 'A loop.'}",
                "programs: {novelty_similarity_threshold: 0.9, novelty_llm: judge}", ""));

        OpenEvolveConfig c = ConfigLoader.load(file, Map.of());

        assertThat(c.prompt().templateDir()).isEqualTo(templates);
        assertThat(c.prompt().programsAsChangesDescription()).isTrue();
        assertThat(c.prompt().initialChangesDescription()).isEqualTo("A loop.");
        assertThat(c.programs().noveltyThreshold()).isEqualTo(0.9);
        assertThat(c.programs().noveltyLlm()).isEqualTo("judge");
        assertThatThrownBy(() -> ConfigLoader.fromYaml("programs: {novelty_similarity_threshold: 2}\n", "x.yaml",
                Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("programs.novelty_similarity_threshold must be between 0 and 1 but was '2");
    }
}
