package dev.openevolve.llm.openai;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the wait a server asks for: {@code retry-after-ms} (milliseconds, decimals allowed) first,
 * else {@code retry-after} as seconds (decimals allowed) or as an HTTP date. Stateless apart from
 * its clock; thread safe.
 */
final class RetryAfter {
    private final Clock clock;

    RetryAfter(Clock clock) {
        this.clock = clock;
    }

    /**
     * The requested wait, empty when neither header is present or readable. A date in the past
     * gives {@link Duration#ZERO}.
     */
    Optional<Duration> parse(String retryAfterMs, String retryAfter) {
        Optional<Duration> ms = decimal(retryAfterMs, 1_000_000L);
        if (ms.isPresent()) {
            return ms;
        }
        Optional<Duration> seconds = decimal(retryAfter, 1_000_000_000L);
        if (seconds.isPresent() || retryAfter == null) {
            return seconds;
        }
        try {
            Instant at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> decimal(String value, long nanosPerUnit) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            double units = Double.parseDouble(value.trim());
            if (!Double.isFinite(units) || units < 0 || units * nanosPerUnit > Long.MAX_VALUE / 2.0) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos(Math.round(units * nanosPerUnit)));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }
}
