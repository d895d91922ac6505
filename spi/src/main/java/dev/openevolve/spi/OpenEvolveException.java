package dev.openevolve.spi;

/**
 * The one unchecked root of every exception the library and its plugins throw on purpose.
 * Subclasses carry context (which model, which store, which candidate). Messages never contain
 * secrets such as API keys or passwords.
 */
public class OpenEvolveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OpenEvolveException(String message) {
        super(message);
    }

    public OpenEvolveException(String message, Throwable cause) {
        super(message, cause);
    }
}
