package dev.openevolve.internal.llm;

/**
 * A numeric literal found in source text.
 *
 * @param start    offset of the literal, or of its unary minus when it has one
 * @param end      offset just after the literal (suffix included)
 * @param digits   the literal without sign and suffix, as written (underscores kept)
 * @param suffix   the type suffix as written ({@code L}, {@code f}, {@code d}, …) or empty
 * @param negative whether a unary minus belongs to the literal
 * @param floating whether it is a floating-point literal (decimal point, exponent or {@code f}/{@code d} suffix)
 * @param line     the 1-based line of the literal
 * @param signFree whether a negative value may be written with a bare leading minus; otherwise it needs parentheses
 */
record NumericLiteral(int start, int end, String digits, String suffix, boolean negative, boolean floating, int line,
                      boolean signFree) {

    /** The literal's value, sign included. */
    double value() {
        double v = Double.parseDouble(digits.replace("_", ""));
        return negative ? -v : v;
    }

    /** The integer value, sign included; only for non-floating literals that fit a long. */
    long longValue() {
        long v = Long.parseLong(digits.replace("_", ""));
        return negative ? -v : v;
    }

    /** The literal as written: sign (without the spaces between), digits and suffix. */
    String text() {
        return (negative ? "-" : "") + digits + suffix;
    }
}
