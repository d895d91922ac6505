package dev.openevolve.llm.openai;

import java.time.Duration;

/**
 * Builds this module's public exceptions from {@link AttemptFailure}s, with messages that name the
 * model, the endpoint, what happened and how many attempts were made. Immutable, therefore thread safe.
 */
final class ExceptionFactory {
    private final String model;
    private final String prefix;

    ExceptionFactory(String model, Endpoint endpoint) {
        this.model = model;
        this.prefix = "model '" + model + "' at " + endpoint + ": ";
    }

    /** The exception for the last failure of a call that gave up after {@code attempts} attempts. */
    OpenAiException give(AttemptFailure f, int attempts) {
        String message = prefix + describe(f) + (attempts > 1 ? " (gave up after " + attempts + " attempts)" : "");
        return switch (f.kind()) {
            case TRANSPORT -> new ConnectionException(model, attempts, message, f.transportCause());
            case MALFORMED -> new MalformedResponseException(model, f.status(), attempts, message);
            case HTTP -> switch (f.status()) {
                case 401, 403 -> new AuthenticationException(model, f.status(), attempts, message,
                        f.errorType(), f.errorCode(), f.requestId());
                case 429 -> new RateLimitException(model, !RetryPolicy.quotaExhausted(f), attempts, message,
                        f.errorType(), f.errorCode(), f.requestId(), f.retryAfter().orElse(null));
                default -> new ApiErrorException(model, f.status(), RetryPolicy.retryableStatus(f.status()), attempts,
                        message, f.errorType(), f.errorCode(), f.requestId());
            };
        };
    }

    /**
     * The call's deadline passed while an attempt was in flight ({@code nextWait} null), or the wait
     * before the next attempt, {@code nextWait}, would end after it.
     */
    DeadlineExceededException deadline(Duration deadline, int attempts, AttemptFailure last, Duration nextWait) {
        String message = prefix + "no answer within the " + DurationText.show(deadline) + " deadline"
                + (nextWait == null ? "" : ": the next retry, due in " + DurationText.show(nextWait) + ", would start after it")
                + " (" + attempts + (attempts == 1 ? " attempt" : " attempts")
                + (last == null ? "" : "; last failure: " + describe(last)) + ")";
        return new DeadlineExceededException(model, attempts, deadline, message,
                last == null ? null : give(last, attempts));
    }

    /** The calling thread was interrupted, or the model closed, while the call ran. */
    OpenAiException aborted(String why, int attempts, Throwable cause) {
        return new OpenAiException(model, 0, false, attempts, prefix + why, cause);
    }

    /** A description of the failure without the model prefix, for log lines. */
    static String describe(AttemptFailure f) {
        if (f.kind() != AttemptFailure.Kind.HTTP) {
            return f.detail();
        }
        var sb = new StringBuilder();
        sb.append(f.status() == 0 ? "error answer" : "HTTP " + f.status());
        if (f.errorType() != null || f.errorCode() != null) {
            sb.append(" (");
            if (f.errorType() != null) {
                sb.append(f.errorType());
            }
            if (f.errorCode() != null) {
                sb.append(f.errorType() != null ? ", " : "").append("code ").append(f.errorCode());
            }
            sb.append(')');
        }
        return sb.append(": ").append(f.detail()).toString();
    }
}
