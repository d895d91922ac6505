package dev.openevolve.llm.openai;

import dev.openevolve.spi.ModelException;

/**
 * A call to an OpenAI-compatible endpoint failed; the root of this module's exceptions.
 *
 * <p>Besides the model name, HTTP status and retryability of {@link ModelException}, it tells how many
 * HTTP attempts the call made. Messages name the model and the endpoint (without credentials) and
 * never contain the API key. Immutable, therefore thread safe.
 */
public class OpenAiException extends ModelException {
    private static final long serialVersionUID = 1L;

    private final int attempts;

    OpenAiException(String model, int status, boolean retryable, int attempts, String message, Throwable cause) {
        super(model, status, retryable, message, cause);
        this.attempts = attempts;
    }

    /** How many HTTP requests the call sent before it gave up, {@code 0} when none was sent. */
    public int attempts() {
        return attempts;
    }
}
