package dev.openevolve.llm.openai;

import java.util.Optional;

/**
 * The server answered with an error: a non-2xx status, or a 2xx body that holds an error object
 * (some OpenAI-compatible servers do that). Carries what the error body said, read leniently from
 * OpenAI's {@code {"error":{...}}}, vLLM's numeric codes or a top-level {@code "object":"error"}.
 * Immutable, therefore thread safe.
 */
public class ApiErrorException extends OpenAiException {
    private static final long serialVersionUID = 1L;

    private final String errorType;
    private final String errorCode;
    private final String requestId;

    ApiErrorException(String model, int status, boolean retryable, int attempts, String message,
                      String errorType, String errorCode, String requestId) {
        super(model, status, retryable, attempts, message, null);
        this.errorType = errorType;
        this.errorCode = errorCode;
        this.requestId = requestId;
    }

    /** The error's {@code type} (for example {@code invalid_request_error}), if the body named one. */
    public Optional<String> errorType() {
        return Optional.ofNullable(errorType);
    }

    /** The error's {@code code} as text (for example {@code invalid_api_key} or {@code 400}), if any. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** The server's {@code x-request-id} header, useful when reporting the failure to the provider. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }
}
