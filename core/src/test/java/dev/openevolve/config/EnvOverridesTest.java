package dev.openevolve.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openevolve.spi.Settings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvOverridesTest {

    private static Map<String, String> env(String... pairs) {
        var map = new HashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void everyVariableOverridesItsValue() {
        OpenEvolveConfig c = ConfigLoader.fromEnvironment(env(
                "OPENEVOLVE_PRIMARY_MODEL", "gpt-a", "OPENEVOLVE_SECONDARY_MODEL", "gpt-b",
                "OPENEVOLVE_API_KEY", "sk-env-secret", "OPENEVOLVE_API_BASE", "http://127.0.0.1:1234/v1",
                "OPENEVOLVE_DB_PROVIDER", "jdbc", "OPENEVOLVE_DB_URL", "jdbc:h2:mem:evolve",
                "OPENEVOLVE_DB_HOST", "db.test", "OPENEVOLVE_DB_PORT", "6543", "OPENEVOLVE_DB_NAME", "evo",
                "OPENEVOLVE_DB_USER", "evo-user", "OPENEVOLVE_DB_PASSWORD", "pw-env-secret",
                "OPENEVOLVE_MAX_OVERHEAD", "3%", "OPENEVOLVE_SAMPLING_RATE", "0.5",
                "OPENEVOLVE_MAX_ITERATIONS", "9", "OPENEVOLVE_RANDOM_SEED", "-5", "OPENEVOLVE_MAX_COST_USD", "1.5"));

        Map<String, String> expected = new HashMap<>(Map.of("temperature", "0.7", "top_p", "0.95",
                "max_tokens", "4096", "timeout_seconds", "60", "retries", "3", "api_key", "sk-env-secret",
                "api_base", "http://127.0.0.1:1234/v1"));
        expected.put("model", "gpt-a");
        var primary = new ModelConfig("openai", "gpt-a", 0.8, Settings.of(expected));
        expected.put("model", "gpt-b");
        var secondary = new ModelConfig("openai", "gpt-b", 0.2, Settings.of(expected));
        assertThat(c.llm().models()).containsExactly(primary, secondary);
        assertThat(c.llm().maxCostUsd()).isEqualTo(1.5);
        assertThat(c.engine().maxIterations()).isEqualTo(9);
        assertThat(c.engine().randomSeed()).isEqualTo(-5);
        assertThat(c.database()).isEqualTo(new StorageConfig("jdbc", "jdbc:h2:mem:evolve", "db.test", 6543, "evo",
                "evo-user", "pw-env-secret"));
        assertThat(c.performance().maxOverheadPercent()).isEqualTo(3.0);
        assertThat(c.performance().samplingRate()).isEqualTo(0.5);
        assertThat(c.toString()).doesNotContain("sk-env-secret", "pw-env-secret");
    }

    @Test
    void anApiKeyOrBaseUrlAloneSelectsTheDefaultOpenAiModel() {
        OpenEvolveConfig keyOnly = ConfigLoader.fromEnvironment(env("OPENAI_API_KEY", "sk-only"));
        assertThat(keyOnly.llm().models()).singleElement().satisfies(m -> {
            assertThat(m.provider()).isEqualTo("openai");
            assertThat(m.name()).isEqualTo("gpt-4o-mini");
            assertThat(m.settings().get("api_key")).contains("sk-only");
        });
        OpenEvolveConfig baseOnly = ConfigLoader.fromEnvironment(env("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1"));
        assertThat(baseOnly.llm().models()).singleElement()
                .satisfies(m -> assertThat(m.settings().get("api_base")).contains("http://127.0.0.1:8000/v1"));
        assertThat(ConfigLoader.fromEnvironment(env()).llm().models()).isEmpty();
    }

    @Test
    void environmentWinsOverYaml() {
        OpenEvolveConfig c = ConfigLoader.fromYaml("max_iterations: 5\nperformance: {sampling_rate: 0.2}\n",
                "app.yaml", env("OPENEVOLVE_MAX_ITERATIONS", "7"));
        assertThat(c.engine().maxIterations()).isEqualTo(7);
        assertThat(c.performance().samplingRate()).isEqualTo(0.2);
    }

    @Test
    void apiKeyGoesOnlyToOpenAiModelsWithoutOne() {
        String yaml = """
                llm:
                  models:
                    - {name: a, api_key: sk-yaml}
                    - {name: b}
                    - {name: c, provider: mutation}
                """;
        OpenEvolveConfig c = ConfigLoader.fromYaml(yaml, "m.yaml", env("OPENAI_API_KEY", "sk-fallback"));
        assertThat(c.llm().models()).extracting(m -> m.settings().get("api_key").orElse("none"))
                .containsExactly("sk-yaml", "sk-fallback", "none");

        OpenEvolveConfig preferred = ConfigLoader.fromYaml(yaml, "m.yaml",
                env("OPENAI_API_KEY", "sk-fallback", "OPENEVOLVE_API_KEY", "sk-preferred"));
        assertThat(preferred.llm().models().get(1).settings().get("api_key")).contains("sk-preferred");
    }

    @Test
    void openEvolveApiBaseOverridesWhileOpenAiBaseUrlOnlyFillsGaps() {
        String yaml = "llm:\n  models:\n    - {name: a, api_base: 'http://yaml/v1'}\n    - {name: b}\n";
        OpenEvolveConfig filled = ConfigLoader.fromYaml(yaml, "m.yaml", env("OPENAI_BASE_URL", "http://ambient/v1"));
        assertThat(filled.llm().models()).extracting(m -> m.settings().get("api_base").orElseThrow())
                .containsExactly("http://yaml/v1", "http://ambient/v1");

        OpenEvolveConfig forced = ConfigLoader.fromYaml(yaml, "m.yaml",
                env("OPENAI_BASE_URL", "http://ambient/v1", "OPENEVOLVE_API_BASE", "http://forced/v1"));
        assertThat(forced.llm().models()).extracting(m -> m.settings().get("api_base").orElseThrow())
                .containsExactly("http://forced/v1", "http://forced/v1");
    }

    @Test
    void primaryModelFromEnvironmentRenamesTheFirstModelOrCreatesOne() {
        OpenEvolveConfig renamed = ConfigLoader.fromYaml("llm:\n  models: [{name: old, weight: 2}]\n", "m.yaml",
                env("OPENEVOLVE_PRIMARY_MODEL", "new"));
        assertThat(renamed.llm().models()).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo("new");
            assertThat(m.weight()).isEqualTo(2.0);
            assertThat(m.settings().get("model")).contains("new");
        });

        OpenEvolveConfig created = ConfigLoader.fromYaml("llm:\n  api_base: http://yaml/v1\n  api_key: sk-y\n",
                "m.yaml", env("OPENEVOLVE_PRIMARY_MODEL", "solo"));
        assertThat(created.llm().models()).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo("solo");
            assertThat(m.settings().get("api_base")).contains("http://yaml/v1");
            assertThat(m.settings().get("api_key")).contains("sk-y");
        });
    }

    @Test
    void blankVariablesCountAsUnset() {
        assertThat(ConfigLoader.fromEnvironment(env("OPENEVOLVE_MAX_ITERATIONS", " ", "OPENEVOLVE_DB_URL", "")))
                .isEqualTo(OpenEvolveConfig.defaults());
    }

    @Test
    void badValuesAreProblemsNamingTheVariable() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.fromEnvironment(env(
                "OPENEVOLVE_MAX_ITERATIONS", "0", "OPENEVOLVE_RANDOM_SEED", "1e3", "OPENEVOLVE_MAX_COST_USD", "NaN",
                "OPENEVOLVE_PRIMARY_MODEL", "m", "OPENEVOLVE_API_BASE", "ftp://nope", "OPENEVOLVE_DB_PORT", "abc",
                "OPENEVOLVE_MAX_OVERHEAD", "five", "OPENEVOLVE_SAMPLING_RATE", "1.5",
                "OPENEVOLVE_API_KEY", "sk-never-shown")));
        assertThat(e.source()).isEqualTo("environment");
        assertThat(e.problems()).extracting(ConfigProblem::message).containsExactly(
                "OPENEVOLVE_RANDOM_SEED must be an integer but was '1e3'",
                "OPENEVOLVE_MAX_COST_USD must be a number but was 'NaN'",
                "OPENEVOLVE_DB_PORT must be an integer but was 'abc'",
                "OPENEVOLVE_MAX_OVERHEAD must be a number but was 'five'",
                "OPENEVOLVE_MAX_ITERATIONS must be at least 1 but was '0'",
                "OPENEVOLVE_API_BASE must be an http or https URL but was 'ftp://nope'",
                "OPENEVOLVE_SAMPLING_RATE must be between 0 and 1 but was '1.5'");
        assertThat(e.getMessage()).startsWith("Invalid configuration in environment (7 problems):")
                .doesNotContain("sk-never-shown");
    }

    @Test
    void secondaryModelNeedsAPrimary() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.fromEnvironment(env("OPENEVOLVE_SECONDARY_MODEL", "b")));
        assertThat(e.problems()).extracting(ConfigProblem::message).containsExactly(
                "OPENEVOLVE_SECONDARY_MODEL needs a primary model (OPENEVOLVE_PRIMARY_MODEL or llm.primary_model) "
                        + "but was 'b'");
    }

    @Test
    void secondaryModelFromEnvironmentJoinsASingleModel() {
        OpenEvolveConfig c = ConfigLoader.fromYaml("llm: {primary_model: a, api_base: 'http://x/v1'}\n", "m.yaml",
                env("OPENEVOLVE_SECONDARY_MODEL", "b"));
        assertThat(c.llm().models()).extracting(ModelConfig::name, ModelConfig::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 0.8),
                        org.assertj.core.groups.Tuple.tuple("b", 0.2));
        assertThat(c.llm().models().get(1).settings().get("api_base")).contains("http://x/v1");
        assertThat(List.of(c.llm().models().get(1).settings().get("model").orElseThrow())).containsExactly("b");
    }
}
