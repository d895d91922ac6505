package dev.openevolve.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openevolve.llm.openai.FakeOpenAiServer.Reply;
import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.LanguageModelProvider;
import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.Prompt;
import dev.openevolve.spi.Settings;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiProviderTest {
    private static final Prompt PROMPT = new Prompt("s", "u", "", 3);

    private final FakeOpenAiServer server = FakeOpenAiServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private Completion call(Map<String, String> settings, Map<String, String> env) {
        server.enqueue(Reply.completion("ok", "stop", 1_000_000, 500_000));
        try (LanguageModel model = new OpenAiProvider(env).create(Settings.of(settings))) {
            var c = model.complete(PROMPT);
            return new Completion(model.name(), c.costUsd());
        }
    }

    private record Completion(String modelName, double cost) {
    }

    @Test
    void isFoundByServiceLoaderUnderItsIdAndAnswersThroughIt() {
        var provider = ServiceLoader.load(LanguageModelProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.id().equals("openai")).findFirst().orElseThrow();
        server.enqueue(Reply.completion("found and working"));

        try (var model = provider.create(Settings.of(Map.of("model", "m", "api_base", server.baseUrl())))) {
            assertThat(model).isInstanceOf(OpenAiModel.class);
            assertThat(model.complete(PROMPT).text()).isEqualTo("found and working");
        }
        assertThat(new OpenAiProvider().id()).isEqualTo(OpenAiProvider.ID).isEqualTo("openai");
    }

    @Test
    void appliesEverySetting() {
        var settings = new HashMap<String, String>();
        settings.put("model", "gpt-4o-mini");
        settings.put("api_base", server.baseUrl() + "/");
        settings.put("api_key", "sk-settings-key");
        settings.put("organization", "org-9");
        settings.put("project", "proj-9");
        settings.put("temperature", "0.3");
        settings.put("top_p", "0.9");
        settings.put("max_tokens", "1234");
        settings.put("max_tokens_param", "MAX_COMPLETION_TOKENS");
        settings.put("seed", "42");
        settings.put("connect_timeout_seconds", "2.5");
        settings.put("timeout_seconds", "30");
        settings.put("request_timeout_seconds", "10");
        settings.put("retries", "1");
        settings.put("max_retry_delay_seconds", "5");
        settings.put("input_cost_per_million", "0.15");
        settings.put("output_cost_per_million", "0.6");

        var result = call(settings, Map.of("OPENAI_API_KEY", "sk-env-key"));

        assertThat(result.modelName()).isEqualTo("gpt-4o-mini");
        assertThat(result.cost()).isCloseTo(0.15 + 0.3, org.assertj.core.data.Offset.offset(1e-9));
        var request = server.onlyRequest();
        assertThat(request.header("authorization")).contains("Bearer sk-settings-key");
        assertThat(request.header("openai-organization")).contains("org-9");
        assertThat(request.header("openai-project")).contains("proj-9");
        var body = request.json();
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(1234);
        assertThat(body.path("seed").asInt()).isEqualTo(RequestFactory.requestSeed(42, 3));
    }

    @Test
    void acceptsBaseUrlAsAnAliasOfApiBase() {
        call(Map.of("model", "m", "base_url", server.baseUrl()), Map.of());
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void takesKeyAndBaseUrlFromTheEnvironmentWhenNotConfigured() {
        call(Map.of("model", "m"), Map.of("OPENAI_BASE_URL", server.baseUrl(), "OPENAI_API_KEY", "sk-from-openai-var",
                "OPENEVOLVE_API_KEY", "sk-from-openevolve-var"));
        call(Map.of("model", "m"), Map.of("OPENAI_BASE_URL", server.baseUrl(), "OPENAI_API_KEY", " ",
                "OPENEVOLVE_API_KEY", "sk-from-openevolve-var"));

        assertThat(server.requests().get(0).header("authorization")).contains("Bearer sk-from-openai-var");
        assertThat(server.requests().get(1).header("authorization")).contains("Bearer sk-from-openevolve-var");
    }

    @Test
    void configuredValuesWinOverTheEnvironment() {
        call(Map.of("model", "m", "api_base", server.baseUrl(), "api_key", "sk-configured"),
                Map.of("OPENAI_BASE_URL", "http://127.0.0.1:1/v1", "OPENAI_API_KEY", "sk-env"));

        assertThat(server.onlyRequest().header("authorization")).contains("Bearer sk-configured");
    }

    @Test
    void localServerNeedsNoKey() {
        call(Map.of("model", "llama3", "api_base", server.baseUrl()), Map.of());

        assertThat(server.onlyRequest().header("authorization")).isEmpty();
    }

    @Test
    void isConfiguredOnlyWhenTheSettingsNameAnEndpointOrAKey() {
        var provider = new OpenAiProvider(Map.of());
        assertThat(provider.configured(Settings.of(Map.of("model", "gpt-4o")))).isFalse();
        assertThat(provider.configured(Settings.of(Map.of("model", "gpt-4o", "api_key", " ")))).isFalse();
        assertThat(provider.configured(Settings.of(Map.of("model", "gpt-4o", "api_key", "sk-test")))).isTrue();
        assertThat(provider.configured(Settings.of(Map.of("model", "llama3", "api_base", server.baseUrl())))).isTrue();
        assertThat(provider.configured(Settings.of(Map.of("model", "llama3", "base_url", server.baseUrl())))).isTrue();
    }

    @Test
    void openAisOwnEndpointWithoutAKeyFailsNamingTheVariables() {
        var e = catchThrowableOfType(OpenEvolveException.class,
                () -> new OpenAiProvider(Map.of()).create(Settings.of(Map.of("model", "gpt-4o"))));

        assertThat(e).hasMessage("invalid settings for model provider 'openai': setting 'api_key' is required for "
                + "https://api.openai.com/v1 but was not set (set it, or OPENAI_API_KEY / OPENEVOLVE_API_KEY in the environment)");
    }

    @Test
    void missingModelIsNamed() {
        var e = catchThrowableOfType(OpenEvolveException.class,
                () -> new OpenAiProvider(Map.of()).create(Settings.of(Map.of("api_base", server.baseUrl()))));

        assertThat(e).hasMessage("invalid settings for model provider 'openai': setting 'model' is required but was not set");
    }

    @Test
    void reportsEveryInvalidSettingAtOnce() {
        var settings = new HashMap<String, String>();
        settings.put("model", "m");
        settings.put("api_base", "ftp://example.com/v1");
        settings.put("temperature", "hot");
        settings.put("top_p", "2");
        settings.put("max_tokens", "0");
        settings.put("max_tokens_param", "big");
        settings.put("seed", "x1");
        settings.put("retries", "-1");
        settings.put("timeout_seconds", "0");
        settings.put("connect_timeout_seconds", "-3");
        settings.put("input_cost_per_million", "-1");

        var e = catchThrowableOfType(OpenEvolveException.class,
                () -> new OpenAiProvider(Map.of()).create(Settings.of(settings)));

        assertThat(e.getMessage()).startsWith("invalid settings for model provider 'openai': ")
                .contains("setting 'api_base' must be an absolute http:// or https:// URL with a host but was 'ftp://example.com/v1'")
                .contains("setting 'temperature' must be a finite number but was 'hot'")
                .contains("setting 'top_p' must be greater than 0 and at most 1 but was 2.0")
                .contains("setting 'max_tokens' must be at least 1 but was 0")
                .contains("setting 'max_tokens_param' must be max_tokens, max_completion_tokens or auto but was 'big'")
                .contains("setting 'seed' must be an integer but was 'x1'")
                .contains("setting 'retries' must be between 0 and 100 but was -1")
                .contains("setting 'timeout_seconds' must be between 0.001 and 86400 seconds but was 0.0 s")
                .contains("setting 'connect_timeout_seconds' must not be negative but was '-3'")
                .contains("setting 'input_cost_per_million' must be a finite number >= 0 but was -1.0");
    }

    @Test
    void rejectsConflictingBaseUrlsAndEndpointUrls() {
        var conflict = catchThrowableOfType(OpenEvolveException.class, () -> new OpenAiProvider(Map.of()).create(
                Settings.of(Map.of("model", "m", "api_base", "http://a:1/v1", "base_url", "http://b:1/v1"))));
        var endpoint = catchThrowableOfType(OpenEvolveException.class, () -> new OpenAiProvider(Map.of()).create(
                Settings.of(Map.of("model", "m", "api_base", "http://localhost:8000/v1/chat/completions"))));

        assertThat(conflict).hasMessageContaining(
                "setting 'api_base' and 'base_url' name the same option but differ: 'http://a:1/v1' and 'http://b:1/v1'");
        assertThat(endpoint).hasMessageContaining("setting 'api_base' must be the API root (for example "
                + "http://localhost:8000/v1), not the chat/completions endpoint");
    }

    @Test
    void warnsAboutUnknownSettingsByName() {
        String log;
        try (var stderr = new StderrCapture()) {
            call(Map.of("model", "m", "api_base", server.baseUrl(), "tempreature", "0.2"), Map.of());
            log = stderr.text();
        }
        assertThat(log).contains("model provider 'openai' ignores unknown setting(s) [tempreature]");
    }
}
