package dev.openevolve.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What an error body says, read leniently: OpenAI's {@code {"error":{"message","type","code"}}},
 * {@code {"error":"text"}}, vLLM's top-level {@code {"object":"error","message","type","code":400}},
 * FastAPI's {@code {"detail":...}}, or plain text. Fields are already redacted and shortened.
 *
 * @param message what went wrong, never empty
 * @param type    the error type, or {@code null}
 * @param code    the error code as text, or {@code null}
 */
record ErrorBody(String message, String type, String code) {
    static final int MAX_MESSAGE_CHARS = 500;

    ErrorBody {
        if (message == null || message.isBlank()) {
            message = "the error body gave no message";
        }
    }

    /** Whether {@code node} is an error answer rather than a completion. */
    static boolean isError(JsonNode node) {
        if (!node.isObject()) {
            return false;
        }
        JsonNode error = node.get("error");
        boolean hasError = error != null && !error.isNull() && !(error.isObject() && error.isEmpty());
        return hasError || "error".equals(node.path("object").asText(""));
    }

    /** Reads a JSON error object. */
    static ErrorBody fromJson(JsonNode node, Redactor redactor) {
        JsonNode source = node;
        JsonNode error = node.get("error");
        String message = null;
        if (error != null && error.isObject()) {
            source = error;
        } else if (error != null && error.isTextual()) {
            message = error.asText();
        }
        if (message == null) {
            message = text(source.get("message"));
        }
        if (message == null) {
            message = text(node.get("detail"));
        }
        if (message == null) {
            message = text(node.get("message"));
        }
        if (message == null) {
            message = node.toString();
        }
        String type = text(source.get("type"));
        String code = text(source.get("code"));
        return new ErrorBody(clean(message, redactor), clean(type, redactor), clean(code, redactor));
    }

    /** Reads a body of any shape: JSON as above, otherwise its text. */
    static ErrorBody fromBytes(byte[] body, ObjectMapper mapper, Redactor redactor) {
        if (body.length == 0) {
            return new ErrorBody("the response had no body", null, null);
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node != null && node.isObject()) {
                return fromJson(node, redactor);
            }
        } catch (IOException notJson) {
            // fall through: the body is shown as text
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return new ErrorBody(clean(text, redactor), null, null);
    }

    /** Whether an error of this type or code says the account has no quota left: waiting will not fix it. */
    static boolean quotaExhausted(String type, String code) {
        return "insufficient_quota".equals(lower(code)) || "insufficient_quota".equals(lower(type));
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static String clean(String s, Redactor redactor) {
        if (s == null) {
            return null;
        }
        String single = redactor.redact(s).replaceAll("\\s+", " ").strip();
        if (single.isEmpty()) {
            return null;
        }
        return single.length() <= MAX_MESSAGE_CHARS ? single : single.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
}
