package dev.openevolve.llm.openai;

/**
 * The server answered 2xx but the body is not a chat completion: not JSON, truncated JSON, empty,
 * or without {@code choices}. Thrown once the retries ({@code max_retries}) are used up.
 * Immutable, therefore thread safe.
 */
public final class MalformedResponseException extends OpenAiException {
    private static final long serialVersionUID = 1L;

    MalformedResponseException(String model, int status, int attempts, String message) {
        super(model, status, true, attempts, message, null);
    }
}
