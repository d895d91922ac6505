package dev.openevolve.internal;

/**
 * SplitMix64's two parts, for reproducible random streams and hashes: the golden-ratio step between successive
 * states and the finaliser that spreads a state's bits over the whole word. Stateless; thread safe.
 */
public final class SplitMix {
    /** The step between successive SplitMix64 states: 2^64 divided by the golden ratio, odd. */
    public static final long GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix() {
    }

    /** The SplitMix64 finaliser of {@code z}: every input bit affects every output bit. */
    public static long mix(long z) {
        long x = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }
}
