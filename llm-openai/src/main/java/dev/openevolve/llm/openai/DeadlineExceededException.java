package dev.openevolve.llm.openai;

import java.time.Duration;

/**
 * The call's total deadline (all attempts and the waits between them) passed. The request in
 * flight at that moment was cancelled and its connection closed. The cause, when present, is the
 * failure of the last attempt. Retryable. Immutable, therefore thread safe.
 */
public final class DeadlineExceededException extends OpenAiException {
    private static final long serialVersionUID = 1L;

    private final Duration deadline;

    DeadlineExceededException(String model, int attempts, Duration deadline, String message, Throwable cause) {
        super(model, 0, true, attempts, message, cause);
        this.deadline = deadline;
    }

    /** The total time the call was allowed. */
    public Duration deadline() {
        return deadline;
    }
}
