package dev.openevolve.internal.diff;

import dev.openevolve.spi.OpenEvolveException;

/**
 * A program's {@code EVOLVE-BLOCK-START}/{@code EVOLVE-BLOCK-END} markers are malformed: unbalanced,
 * nested, or both on one line. Carries the 1-based line at fault.
 */
public class EvolveBlockException extends OpenEvolveException {
    private static final long serialVersionUID = 1L;

    private final int line;

    /** A marker problem found on {@code line}; the message says the rule that was broken. */
    public EvolveBlockException(int line, String message) {
        super(message);
        this.line = line;
    }

    /** The 1-based line of the offending marker. */
    public int line() {
        return line;
    }
}
