package dev.openevolve.internal.diff;

/**
 * One EVOLVE region of a program: the 1-based line numbers of its {@code EVOLVE-BLOCK-START} and
 * {@code EVOLVE-BLOCK-END} marker lines. The lines strictly between them are the ones a model may
 * change; the marker lines themselves are never changed. Immutable. Found by {@link EvolveBlocks#find}.
 *
 * @param startLine the line of the start marker, at least 1
 * @param endLine   the line of the end marker, after {@code startLine}
 */
public record EvolveRegion(int startLine, int endLine) {
    public EvolveRegion {
        if (startLine < 1 || endLine <= startLine) {
            throw new IllegalArgumentException("an EVOLVE region needs 1 <= startLine < endLine but was "
                    + startLine + " and " + endLine);
        }
    }

    /** The first line that may change (the line after the start marker). */
    public int firstEditableLine() {
        return startLine + 1;
    }

    /** The last line that may change (the line before the end marker). */
    public int lastEditableLine() {
        return endLine - 1;
    }

    /** Whether the region has no line between its markers. */
    public boolean isEmpty() {
        return endLine == startLine + 1;
    }

    /** Whether {@code line} (1-based) lies strictly between the markers. */
    public boolean isEditable(int line) {
        return line > startLine && line < endLine;
    }
}
