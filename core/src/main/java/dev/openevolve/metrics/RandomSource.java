package dev.openevolve.metrics;

import dev.openevolve.internal.SplitMix;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Uniform random draws for sampling decisions; implementations are thread safe. */
interface RandomSource {

    /** Exclusive upper bound of {@link #next53()}: a draw below {@code rate * BOUND} is sampled. */
    long BOUND = 1L << 53;

    /** A uniform draw in {@code [0, 2^53)}. */
    long next53();

    /** Draws from {@link ThreadLocalRandom}: no shared state, no contention. */
    static RandomSource threadLocal() {
        return () -> ThreadLocalRandom.current().nextLong() >>> 11;
    }

    /** Draws from one SplitMix64 sequence shared by all threads (lock free, repeatable for one thread). */
    static RandomSource seeded(long seed) {
        AtomicLong state = new AtomicLong(seed);
        return () -> {
            return SplitMix.mix(state.addAndGet(SplitMix.GAMMA)) >>> 11;
        };
    }
}
