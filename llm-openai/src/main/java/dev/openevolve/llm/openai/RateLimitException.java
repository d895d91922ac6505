package dev.openevolve.llm.openai;

import java.time.Duration;
import java.util.Optional;

/**
 * The server answered HTTP 429 on the last attempt: the rate limit held after every retry, or the
 * account's quota is exhausted ({@code insufficient_quota}, then not retryable). Immutable, therefore
 * thread safe.
 */
public final class RateLimitException extends ApiErrorException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    RateLimitException(String model, boolean retryable, int attempts, String message, String errorType,
                       String errorCode, String requestId, Duration retryAfter) {
        super(model, 429, retryable, attempts, message, errorType, errorCode, requestId);
        this.retryAfter = retryAfter;
    }

    /** The wait the server asked for in {@code retry-after-ms} or {@code retry-after}, if it asked. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
