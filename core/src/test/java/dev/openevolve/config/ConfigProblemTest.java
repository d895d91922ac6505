package dev.openevolve.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigProblemTest {

    @Test
    void messageNamesKeyRuleAndRejectedValue() {
        var problem = new ConfigProblem("llm.temperature", "must be between 0 and 2", "3.5");
        assertThat(problem.message()).isEqualTo("llm.temperature must be between 0 and 2 but was '3.5'");
        assertThat(problem).hasToString(problem.message());
    }

    @Test
    void problemWithoutValueReadsAsOneSentence() {
        assertThat(new ConfigProblem("llm.temprature", "is not a known key", null).message())
                .isEqualTo("llm.temprature is not a known key");
    }

    @Test
    void secretValuesAreMaskedByKey() {
        assertThat(new ConfigProblem("llm.api_key", "must be a string", "sk-abc").message())
                .isEqualTo("llm.api_key must be a string but was '****'");
        assertThat(new ConfigProblem("database.password", "must be a string", "pw").rejectedValue()).isEqualTo("****");
        assertThat(new ConfigProblem("OPENEVOLVE_DB_PASSWORD", "must be set", "pw").rejectedValue()).isEqualTo("****");
        assertThat(new ConfigProblem("llm.models[0].auth_token", "x", "t").rejectedValue()).isEqualTo("****");
        assertThat(new ConfigProblem("llm.max_tokens", "must be at least 1", "0").rejectedValue()).isEqualTo("0");
    }

    @Test
    void passwordsInsideUrlsAreMasked() {
        assertThat(new ConfigProblem("database.url", "must start with 'jdbc:'",
                "postgres://app:topsecret@db:5432/x?user=app&password=topsecret").rejectedValue())
                .isEqualTo("postgres://app:****@db:5432/x?user=app&password=****");
    }

    @Test
    void exceptionListsEveryProblemAndTheSource() {
        var e = new ConfigException("app.yaml", List.of(
                new ConfigProblem("max_iterations", "must be at least 1", "0"),
                new ConfigProblem("llm.api_key", "must be a string", "12345")));
        assertThat(e).hasMessage("Invalid configuration in app.yaml (2 problems):\n"
                + "  - max_iterations must be at least 1 but was '0'\n"
                + "  - llm.api_key must be a string but was '****'");
        assertThat(e.source()).isEqualTo("app.yaml");
        assertThat(e.problems()).hasSize(2);
        assertThat(e).isInstanceOf(dev.openevolve.spi.OpenEvolveException.class);
    }

    @Test
    void exceptionNeedsAtLeastOneProblem() {
        assertThatThrownBy(() -> new ConfigException("x", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
