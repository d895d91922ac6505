package dev.openevolve.internal.database;

import dev.openevolve.spi.OpenEvolveException;

/**
 * A program database snapshot that cannot be restored: malformed JSON, a snapshot made for another
 * grid or island count, an inconsistency inside it, or a program id the program source cannot resolve.
 * The message names the value at fault.
 */
public class SnapshotException extends OpenEvolveException {
    private static final long serialVersionUID = 1L;

    /** A snapshot failure described by {@code message}. */
    public SnapshotException(String message) {
        super(message);
    }

    /** A snapshot failure described by {@code message}, caused by {@code cause}. */
    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
