package dev.openevolve.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openevolve.spi.Completion;
import dev.openevolve.spi.FinishReason;
import dev.openevolve.spi.TokenUsage;
import java.util.Locale;

/**
 * Turns a chat-completions JSON answer into a {@link Completion}, leniently: unknown fields are
 * ignored, {@code content} may be a string, an array of parts or {@code null}, usage may be missing.
 * A 2xx body that is really an error becomes an HTTP {@link AttemptFailure} with the body's numeric
 * code as status, if it has one. Immutable, therefore thread safe.
 */
final class ResponseParser {
    private final String configuredModel;
    private final Pricing pricing;
    private final Redactor redactor;

    ResponseParser(String configuredModel, Pricing pricing, Redactor redactor) {
        this.configuredModel = configuredModel;
        this.pricing = pricing;
        this.redactor = redactor;
    }

    /** @throws AttemptFailure when {@code json} is an error or holds no answer */
    Completion parse(JsonNode json) {
        if (!json.isObject()) {
            throw AttemptFailure.malformed(200, "the response body is a JSON " + json.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", not an object");
        }
        if (ErrorBody.isError(json)) {
            ErrorBody error = ErrorBody.fromJson(json, redactor);
            throw AttemptFailure.http(statusFromCode(error.code()), error, null, null);
        }
        JsonNode choices = json.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw AttemptFailure.malformed(200, "the response has no choices");
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.path("message");
        if (!message.isObject()) {
            throw AttemptFailure.malformed(200, "the first choice has no message");
        }
        String text = content(message.path("content"));
        FinishReason finish = finishReason(choice.path("finish_reason").asText(""));
        String model = json.path("model").isTextual() && !json.path("model").asText().isBlank()
                ? json.path("model").asText() : configuredModel;
        TokenUsage usage = usage(json.path("usage"));
        return new Completion(text, model, finish, usage, pricing.cost(usage));
    }

    private static String content(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            var sb = new StringBuilder();
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    sb.append(part.asText());
                } else if (part.path("text").isTextual()) {
                    sb.append(part.path("text").asText());
                }
            }
            return sb.toString();
        }
        return "";
    }

    static FinishReason finishReason(String reason) {
        return switch (reason.toLowerCase(Locale.ROOT)) {
            case "stop", "eos", "eos_token", "stop_sequence", "end_turn" -> FinishReason.STOP;
            case "length", "max_tokens", "model_length" -> FinishReason.LENGTH;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            default -> FinishReason.OTHER;
        };
    }

    private static TokenUsage usage(JsonNode usage) {
        long prompt = count(usage.path("prompt_tokens"));
        long completion = count(usage.path("completion_tokens"));
        if (completion == 0 && usage.has("total_tokens")) {
            completion = Math.max(0, count(usage.path("total_tokens")) - prompt);
        }
        return new TokenUsage(prompt, completion);
    }

    private static long count(JsonNode node) {
        return node.canConvertToLong() ? Math.max(0, node.asLong()) : 0;
    }

    private static int statusFromCode(String code) {
        if (code == null) {
            return 0;
        }
        try {
            int status = Integer.parseInt(code.trim());
            return status >= 400 && status <= 599 ? status : 0;
        } catch (NumberFormatException notNumeric) {
            return 0;
        }
    }
}
