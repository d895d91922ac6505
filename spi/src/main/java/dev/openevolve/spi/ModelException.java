package dev.openevolve.spi;

/**
 * A language model call failed. Carries the model name, the HTTP status when there was one
 * ({@code 0} otherwise) and whether a retry could succeed. The message never contains the API key.
 */
public class ModelException extends OpenEvolveException {
    private static final long serialVersionUID = 1L;

    private final String model;
    private final int status;
    private final boolean retryable;

    public ModelException(String model, int status, boolean retryable, String message, Throwable cause) {
        super(message, cause);
        this.model = model == null ? "" : model;
        this.status = status;
        this.retryable = retryable;
    }

    public ModelException(String model, int status, boolean retryable, String message) {
        this(model, status, retryable, message, null);
    }

    /** The model (or ensemble member) whose call failed. */
    public String model() {
        return model;
    }

    /** The HTTP status of the failed call, or {@code 0} when no response was received. */
    public int status() {
        return status;
    }

    /** Whether the same call may succeed when tried again later. */
    public boolean retryable() {
        return retryable;
    }
}
