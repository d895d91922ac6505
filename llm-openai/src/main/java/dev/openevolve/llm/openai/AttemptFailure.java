package dev.openevolve.llm.openai;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Why one HTTP attempt failed, in this module's own terms; never escapes the package. It holds no
 * Feign request or response (whose {@code toString} prints headers), only redacted text. The retry
 * loop turns the last one into a public {@link OpenAiException}.
 */
final class AttemptFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    enum Kind {
        /** The server answered with an error status or an error body. */
        HTTP,
        /** No answer: connection refused, reset, closed early, or the attempt timed out. */
        TRANSPORT,
        /** A 2xx answer that is not a readable chat completion. */
        MALFORMED
    }

    private final Kind kind;
    private final int status;
    private final String detail;
    private final String errorType;
    private final String errorCode;
    private final String requestId;
    private final Duration retryAfter;

    private AttemptFailure(Kind kind, int status, String detail, String errorType, String errorCode,
                           String requestId, Duration retryAfter, IOException cause) {
        super(detail, cause, false, false);
        this.kind = kind;
        this.status = status;
        this.detail = detail;
        this.errorType = errorType;
        this.errorCode = errorCode;
        this.requestId = requestId;
        this.retryAfter = retryAfter;
    }

    static AttemptFailure http(int status, ErrorBody body, String requestId, Duration retryAfter) {
        return new AttemptFailure(Kind.HTTP, status, body.message(), body.type(), body.code(), requestId, retryAfter, null);
    }

    static AttemptFailure transport(String detail, IOException cause) {
        return new AttemptFailure(Kind.TRANSPORT, 0, detail, null, null, null, null, cause);
    }

    static AttemptFailure malformed(int status, String detail) {
        return new AttemptFailure(Kind.MALFORMED, status, detail, null, null, null, null, null);
    }

    Kind kind() {
        return kind;
    }

    int status() {
        return status;
    }

    String detail() {
        return detail;
    }

    String errorType() {
        return errorType;
    }

    String errorCode() {
        return errorCode;
    }

    String requestId() {
        return requestId;
    }

    Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The transport failure behind a {@link Kind#TRANSPORT} failure, else {@code null}. */
    IOException transportCause() {
        return (IOException) getCause();
    }
}
