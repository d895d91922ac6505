package dev.openevolve.server;

import dev.openevolve.spi.OpenEvolveException;
import java.util.Objects;

/** An {@link OptimizationService} refused a request; {@link #reason()} says why, the message says what to do. */
public class ServiceException extends OpenEvolveException {
    private static final long serialVersionUID = 1L;

    /** Why a request was refused. */
    public enum Reason {
        /** The named suggestion, flag or other thing does not exist. */
        NOT_FOUND,
        /** The request conflicts with the current state (a cycle is running, a suggestion is already decided). */
        CONFLICT,
        /** The service cannot do this at all in its configuration (for example no controller to evolve with). */
        UNAVAILABLE
    }

    private final Reason reason;

    public ServiceException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the request was refused. */
    public Reason reason() {
        return reason;
    }
}
