package dev.openevolve.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private final RetryAfter retryAfter = new RetryAfter(Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC));

    @Test
    void readsMillisecondsWithDecimals() {
        assertThat(retryAfter.parse("20", null)).contains(Duration.ofMillis(20));
        assertThat(retryAfter.parse(" 1.25 ", null)).contains(Duration.ofNanos(1_250_000));
    }

    @Test
    void readsSecondsWithDecimals() {
        assertThat(retryAfter.parse(null, "7")).contains(Duration.ofSeconds(7));
        assertThat(retryAfter.parse(null, "0.5")).contains(Duration.ofMillis(500));
    }

    @Test
    void readsAnHttpDateRelativeToTheClock() {
        assertThat(retryAfter.parse(null, "Wed, 21 Oct 2015 07:28:42 GMT")).contains(Duration.ofSeconds(42));
    }

    @Test
    void dateInThePastMeansNoWait() {
        assertThat(retryAfter.parse(null, "Wed, 21 Oct 2015 07:00:00 GMT")).contains(Duration.ZERO);
    }

    @Test
    void millisecondsWinOverSeconds() {
        assertThat(retryAfter.parse("100", "9")).contains(Duration.ofMillis(100));
    }

    @Test
    void unreadableMillisecondsFallBackToSeconds() {
        assertThat(retryAfter.parse("soon", "3")).contains(Duration.ofSeconds(3));
    }

    @Test
    void ignoresAbsentBlankNegativeHugeAndGarbageValues() {
        assertThat(retryAfter.parse(null, null)).isEmpty();
        assertThat(retryAfter.parse(" ", "")).isEmpty();
        assertThat(retryAfter.parse("-5", "-1")).isEmpty();
        assertThat(retryAfter.parse(null, "1e300")).isEmpty();
        assertThat(retryAfter.parse(null, "NaN")).isEmpty();
        assertThat(retryAfter.parse(null, "tomorrow")).isEmpty();
    }
}
