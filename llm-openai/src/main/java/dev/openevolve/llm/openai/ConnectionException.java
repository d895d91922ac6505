package dev.openevolve.llm.openai;

/**
 * No usable answer arrived: the connection was refused, reset or closed early, or one attempt
 * exceeded its request timeout. Retryable; the cause is the transport's {@link java.io.IOException}.
 * Immutable, therefore thread safe.
 */
public final class ConnectionException extends OpenAiException {
    private static final long serialVersionUID = 1L;

    ConnectionException(String model, int attempts, String message, Throwable cause) {
        super(model, 0, true, attempts, message, cause);
    }
}
