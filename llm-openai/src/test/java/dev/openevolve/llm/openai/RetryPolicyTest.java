package dev.openevolve.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final RandomGenerator LOWEST = () -> 0L;
    private static final RandomGenerator HIGHEST = () -> -1L;

    private static AttemptFailure status(int status, Duration retryAfter) {
        return AttemptFailure.http(status, new ErrorBody("x", null, null), null, retryAfter);
    }

    @Test
    void retriesTransportFailuresAndTransientStatusesOnly() {
        var policy = new RetryPolicy(3, Duration.ofSeconds(60), LOWEST);

        assertThat(policy.retryable(AttemptFailure.transport("reset", new IOException("reset")))).isTrue();
        assertThat(policy.retryable(AttemptFailure.malformed(200, "bad"))).isTrue();
        for (int s : new int[] {408, 409, 429, 500, 501, 502, 503, 504, 599}) {
            assertThat(policy.retryable(status(s, null))).as("status %d", s).isTrue();
        }
        for (int s : new int[] {0, 300, 400, 401, 403, 404, 413, 422, 600}) {
            assertThat(policy.retryable(status(s, null))).as("status %d", s).isFalse();
        }
    }

    @Test
    void doesNotRetryAnExhaustedQuota() {
        var policy = new RetryPolicy(3, Duration.ofSeconds(60), LOWEST);
        var quota = AttemptFailure.http(429, new ErrorBody("quota", "insufficient_quota", null), null, null);

        assertThat(policy.retryable(quota)).isFalse();
    }

    @Test
    void backoffDoublesFromHalfASecondUpToEightSeconds() {
        var policy = new RetryPolicy(10, Duration.ofSeconds(60), LOWEST);
        var failure = status(503, null);

        assertThat(policy.delay(1, failure)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.delay(2, failure)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delay(5, failure)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.delay(9, failure)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.delay(200, failure)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void jitterShortensTheBackoffByAtMostAQuarter() {
        var policy = new RetryPolicy(3, Duration.ofSeconds(60), HIGHEST);

        Duration wait = policy.delay(2, status(500, null));

        assertThat(wait).isLessThan(Duration.ofSeconds(1)).isGreaterThanOrEqualTo(Duration.ofMillis(750));
    }

    @Test
    void maxRetryDelayCapsTheBackoffToo() {
        var policy = new RetryPolicy(3, Duration.ofSeconds(2), LOWEST);

        assertThat(policy.delay(6, status(500, null))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void honoursTheServersWaitUpToTheCapOnly() {
        var policy = new RetryPolicy(3, Duration.ofSeconds(10), LOWEST);

        assertThat(policy.delay(1, status(429, Duration.ofSeconds(10)))).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delay(1, status(429, Duration.ofSeconds(11)))).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.delay(1, status(429, Duration.ZERO))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void allowsOneMoreAttemptThanRetries() {
        assertThat(new RetryPolicy(0, Duration.ofSeconds(1), LOWEST).maxAttempts()).isEqualTo(1);
        assertThat(new RetryPolicy(3, Duration.ofSeconds(1), LOWEST).maxAttempts()).isEqualTo(4);
    }
}
