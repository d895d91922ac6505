package dev.openevolve.server;

/** A request the API refuses: the HTTP status, a stable error code, a message for people and the field at fault, if any. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    final String field;

    ApiError(int status, String code, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    static ApiError badRequest(String field, String message) {
        return new ApiError(400, "bad_request", message, field);
    }
}
