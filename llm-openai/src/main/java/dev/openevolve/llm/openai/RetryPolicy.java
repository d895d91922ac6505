package dev.openevolve.llm.openai;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Decides whether a failed attempt is retried and how long to wait first. Retried: transport
 * failures, malformed 2xx answers (a gateway's error page, a cut or empty body: like a 5xx, the next
 * attempt usually succeeds), HTTP 408, 409, 429 (unless the quota is exhausted) and 5xx; never any
 * other status.
 * The wait is the server's {@code retry-after-ms}/{@code retry-after} when it lies in
 * {@code (0, maxRetryDelay]}, otherwise exponential backoff (0.5 s doubling, at most 8 s and at
 * most {@code maxRetryDelay}) shortened by up to 25 % of random jitter. Thread safe: access to the
 * random source is synchronized.
 */
final class RetryPolicy {
    static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
    private static final double JITTER = 0.25;

    private final int maxRetries;
    private final Duration maxRetryDelay;
    private final RandomGenerator random;

    RetryPolicy(int maxRetries, Duration maxRetryDelay, RandomGenerator random) {
        this.maxRetries = maxRetries;
        this.maxRetryDelay = maxRetryDelay;
        this.random = random;
    }

    int maxAttempts() {
        return maxRetries + 1;
    }

    static boolean retryableStatus(int status) {
        return status == 408 || status == 409 || status == 429 || (status >= 500 && status <= 599);
    }

    boolean retryable(AttemptFailure failure) {
        return switch (failure.kind()) {
            case TRANSPORT, MALFORMED -> true;
            case HTTP -> retryableStatus(failure.status()) && !quotaExhausted(failure);
        };
    }

    static boolean quotaExhausted(AttemptFailure failure) {
        return failure.status() == 429 && ErrorBody.quotaExhausted(failure.errorType(), failure.errorCode());
    }

    /** The wait before retry number {@code retry} (1 for the first retry) after {@code failure}. */
    Duration delay(int retry, AttemptFailure failure) {
        var asked = failure.retryAfter();
        if (asked.isPresent() && !asked.get().isZero() && asked.get().compareTo(maxRetryDelay) <= 0) {
            return asked.get();
        }
        long base = INITIAL_BACKOFF.toNanos() << Math.min(retry - 1, 20);
        long capped = Math.min(base, Math.min(MAX_BACKOFF.toNanos(), maxRetryDelay.toNanos()));
        double jitter;
        synchronized (random) {
            jitter = 1.0 - JITTER * random.nextDouble();
        }
        return Duration.ofNanos(Math.round(capped * jitter));
    }
}
