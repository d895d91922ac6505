package dev.openevolve.spi;

/** A store could not read or write. The message names the operation and the store, never a password. */
public class StoreException extends OpenEvolveException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
