package dev.openevolve.internal.sandbox;

import java.math.BigDecimal;
import java.time.Duration;

/** Formats durations for messages: {@code 5 s}, {@code 1.5 s}, {@code 0.25 s}. */
public final class Seconds {
    private Seconds() {
    }

    /** The duration in seconds, without trailing zeros, followed by {@code " s"}. */
    public static String format(Duration d) {
        BigDecimal seconds = BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros();
        return seconds.toPlainString() + " s";
    }
}
