package dev.openevolve.llm.openai;

/**
 * The server refused the credentials (HTTP 401) or the permission (HTTP 403). Never retried.
 * The message never contains the API key. Immutable, therefore thread safe.
 */
public final class AuthenticationException extends ApiErrorException {
    private static final long serialVersionUID = 1L;

    AuthenticationException(String model, int status, int attempts, String message,
                            String errorType, String errorCode, String requestId) {
        super(model, status, false, attempts, message, errorType, errorCode, requestId);
    }
}
