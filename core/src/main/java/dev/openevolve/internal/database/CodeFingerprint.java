package dev.openevolve.internal.database;

/**
 * A one-permutation MinHash sketch of a program's code, computed once when the program is added.
 * The code is read with whitespace runs collapsed to one space; every window of four characters
 * (packed exactly into 64 bits) is hashed with a xor-shift-multiply mix, the top six bits pick
 * one of {@value #SLOTS} slots and the slot keeps the smallest remaining value. The share of equal
 * non-empty slots estimates the Jaccard similarity of the two codes' shingle sets. Cost: one pass
 * over the code, and {@value #SLOTS} comparisons per pair of sketches. Stateless.
 */
final class CodeFingerprint {
    /** Sketch length. */
    static final int SLOTS = 64;

    private static final long EMPTY = Long.MAX_VALUE;
    private static final long VALUE_MASK = (1L << 58) - 1;
    private static final int SHINGLE = 4;

    private CodeFingerprint() {
    }

    /** The sketch of {@code code}; a new array of {@link #SLOTS} values. */
    static long[] of(String code) {
        long[] slots = new long[SLOTS];
        java.util.Arrays.fill(slots, EMPTY);
        long window = 0;
        int filled = 0;
        boolean afterSpace = true;
        for (int i = 0, length = code.length(); i < length; i++) {
            char c = code.charAt(i);
            if (isSpace(c)) {
                if (afterSpace) {
                    continue;
                }
                c = ' ';
                afterSpace = true;
            } else {
                afterSpace = false;
            }
            window = (window << 16) | c;
            if (++filled >= SHINGLE) {
                long h = mix(window);
                int slot = (int) (h >>> 58);
                long value = h & VALUE_MASK;
                if (value < slots[slot]) {
                    slots[slot] = value;
                }
            }
        }
        return slots;
    }

    /** Estimated Jaccard similarity in [0, 1]; two sketches of codes too short to shingle are equal. */
    static double similarity(long[] a, long[] b) {
        int bothEmpty = 0;
        int same = 0;
        for (int i = 0; i < SLOTS; i++) {
            long x = a[i];
            boolean equal = x == b[i];
            boolean empty = x == EMPTY;
            bothEmpty += equal & empty ? 1 : 0;
            same += equal & !empty ? 1 : 0;
        }
        int union = SLOTS - bothEmpty;
        return union == 0 ? 1.0 : (double) same / union;
    }

    /** Whether {@code sketch} is a well-formed sketch (restored snapshots are checked with it). */
    static boolean isValid(long[] sketch) {
        if (sketch == null || sketch.length != SLOTS) {
            return false;
        }
        for (long v : sketch) {
            if (v != EMPTY && (v < 0 || v > VALUE_MASK)) {
                return false;
            }
        }
        return true;
    }

    /** {@link Character#isWhitespace}, with a branch for ASCII, which is nearly all code. */
    private static boolean isSpace(char c) {
        return c < 128 ? c <= ' ' && (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f))
                : Character.isWhitespace(c);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 29)) * 0xbf58476d1ce4e5b9L;
        return z ^ (z >>> 32);
    }
}
