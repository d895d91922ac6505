package dev.openevolve.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openevolve.llm.openai.FakeOpenAiServer.Reply;
import dev.openevolve.spi.Prompt;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiModelRequestTest {
    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final List<OpenAiModel> models = new ArrayList<>();

    @AfterEach
    void stop() {
        models.forEach(OpenAiModel::close);
        server.close();
    }

    private OpenAiModel.Builder builder() {
        return OpenAiModel.builder().baseUrl(server.baseUrl()).model("test-model").sleeper(new RecordingSleeper());
    }

    private OpenAiModel build(OpenAiModel.Builder builder) {
        OpenAiModel model = builder.build();
        models.add(model);
        return model;
    }

    private static Prompt prompt() {
        return new Prompt("You improve programs.", "Make it faster.", "int x = 1;", 7);
    }

    @Test
    void postsChatCompletionWithSystemAndUserMessagesToTheApiRoot() {
        server.enqueue(Reply.completion("ok"));
        build(builder()).complete(prompt());

        var request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.header("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = request.json();
        assertThat(body.path("model").asText()).isEqualTo("test-model");
        assertThat(body.path("messages")).hasSize(2);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("You improve programs.");
        assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("Make it faster.");
    }

    @Test
    void leavesUnsetOptionsOutOfTheBodyInsteadOfSendingNulls() {
        server.enqueue(Reply.completion("ok"));
        build(builder()).complete(prompt());

        String body = server.onlyRequest().body();
        assertThat(body).doesNotContain("null");
        var names = new ArrayList<String>();
        server.onlyRequest().json().fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("model", "messages");
    }

    @Test
    void leavesOutABlankSystemMessage() {
        server.enqueue(Reply.completion("ok"));
        build(builder()).complete(new Prompt(" ", "hi", "", 1));

        JsonNode messages = server.onlyRequest().json().path("messages");
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("user");
    }

    @Test
    void sendsSamplingOptionsAndMaxTokensForOrdinaryModels() {
        server.enqueue(Reply.completion("ok"));
        build(builder().temperature(0.7).topP(0.95).maxTokens(4096)).complete(prompt());

        JsonNode body = server.onlyRequest().json();
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.7);
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.95);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(4096);
        assertThat(body.has("max_completion_tokens")).isFalse();
    }

    @Test
    void sendsMaxCompletionTokensAndNoSamplingOptionsForReasoningModels() {
        server.enqueue(Reply.completion("ok"));
        build(builder().model("o3-mini").temperature(0.7).topP(0.95).maxTokens(2000)).complete(prompt());

        JsonNode body = server.onlyRequest().json();
        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(2000);
        assertThat(body.has("max_tokens")).isFalse();
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.has("top_p")).isFalse();
    }

    @Test
    void explicitMaxTokensParamOverridesTheReasoningModelGuess() {
        server.enqueue(Reply.completion("ok"), Reply.completion("ok"));
        build(builder().model("gpt-5-mini").maxTokens(100).temperature(1).maxTokensParam(MaxTokensParam.MAX_TOKENS))
                .complete(prompt());
        build(builder().model("llama3").maxTokens(100).maxTokensParam(MaxTokensParam.MAX_COMPLETION_TOKENS))
                .complete(prompt());

        JsonNode first = server.requests().get(0).json();
        assertThat(first.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(first.path("temperature").asDouble()).isEqualTo(1.0);
        JsonNode second = server.requests().get(1).json();
        assertThat(second.path("max_completion_tokens").asInt()).isEqualTo(100);
        assertThat(second.has("max_tokens")).isFalse();
    }

    @Test
    void sendsASeedOnlyWhenConfiguredDerivedFromThePromptSeed() {
        server.enqueue(Reply.completion("ok"), Reply.completion("ok"), Reply.completion("ok"), Reply.completion("ok"));
        OpenAiModel seeded = build(builder().seed(42));
        seeded.complete(new Prompt("s", "u", "", 1));
        seeded.complete(new Prompt("s", "u", "", 1));
        seeded.complete(new Prompt("s", "u", "", 2));
        build(builder()).complete(new Prompt("s", "u", "", 1));

        var requests = server.requests();
        long first = requests.get(0).json().path("seed").asLong();
        assertThat(first).isBetween(0L, (long) Integer.MAX_VALUE);
        assertThat(requests.get(1).json().path("seed").asLong()).isEqualTo(first);
        assertThat(requests.get(2).json().path("seed").asLong()).isNotEqualTo(first);
        assertThat(requests.get(3).json().has("seed")).isFalse();
    }

    @Test
    void sendsKeyOrganisationAndProjectHeaders() {
        server.enqueue(Reply.completion("ok"));
        build(builder().apiKey("sk-test-123456").organization("org-1").project("proj-1")).complete(prompt());

        var request = server.onlyRequest();
        assertThat(request.header("authorization")).contains("Bearer sk-test-123456");
        assertThat(request.header("openai-organization")).contains("org-1");
        assertThat(request.header("openai-project")).contains("proj-1");
    }

    @Test
    void sendsNoAuthorizationHeaderWithoutAKey() {
        server.enqueue(Reply.completion("ok"));
        build(builder()).complete(prompt());

        assertThat(server.onlyRequest().header("authorization")).isEmpty();
        assertThat(server.onlyRequest().header("openai-organization")).isEmpty();
    }

    @Test
    void keysWithBracesAreSentLiterally() {
        server.enqueue(Reply.completion("ok"));
        build(builder().apiKey("sk-{weird}-key")).complete(prompt());

        assertThat(server.onlyRequest().header("authorization")).contains("Bearer sk-{weird}-key");
    }

    @Test
    void speaksHttp11AndNeverAsksForAnUpgrade() {
        server.enqueue(Reply.completion("ok"), Reply.completion("ok"));
        OpenAiModel model = build(builder().apiKey("sk-test-123456"));
        model.complete(prompt());
        model.complete(prompt());

        for (var request : server.requests()) {
            assertThat(request.protocol()).isEqualTo("HTTP/1.1");
            assertThat(request.headers()).doesNotContainKeys("upgrade", "http2-settings");
            assertThat(request.header("connection")).map(String::toLowerCase).isNotEqualTo(java.util.Optional.of("upgrade"));
        }
    }
}
