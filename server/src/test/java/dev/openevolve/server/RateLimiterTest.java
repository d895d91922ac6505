package dev.openevolve.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void burstThenRefillAtTheConfiguredRatePerKey() {
        var now = new AtomicLong();
        var limiter = new RateLimiter(3, Duration.ofMinutes(1), now::get);

        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isEqualTo(20);
        assertThat(limiter.acquire("b")).isZero();

        now.addAndGet(Duration.ofSeconds(19).toNanos());
        assertThat(limiter.acquire("a")).isEqualTo(1);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isEqualTo(20);

        now.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("a")).as("bucket holds at most its capacity").isZero();
        }
        assertThat(limiter.acquire("a")).isPositive();
    }
}
