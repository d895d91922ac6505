package dev.openevolve.loop;

import dev.openevolve.spi.OpenEvolveException;

/**
 * The loop refused a request: a part switched off by its flag or not in the current phase, an unknown
 * suggestion, a host callback that failed, or settings that do not parse. The message says which.
 */
public class LoopException extends OpenEvolveException {
    private static final long serialVersionUID = 1L;

    public LoopException(String message) {
        super(message);
    }

    public LoopException(String message, Throwable cause) {
        super(message, cause);
    }
}
