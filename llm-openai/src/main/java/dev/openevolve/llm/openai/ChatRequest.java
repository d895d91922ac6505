package dev.openevolve.llm.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * The JSON body of {@code POST /chat/completions}. Absent options are {@code null} and left out of
 * the JSON, because several OpenAI-compatible servers reject explicit {@code null}s. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChatRequest(
        @JsonProperty("model") String model,
        @JsonProperty("messages") List<Message> messages,
        @JsonProperty("temperature") Double temperature,
        @JsonProperty("top_p") Double topP,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
        @JsonProperty("seed") Integer seed) {

    ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
    }

    /** One chat message. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Message(@JsonProperty("role") String role, @JsonProperty("content") String content) {
        Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }
    }
}
