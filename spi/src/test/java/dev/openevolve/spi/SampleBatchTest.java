package dev.openevolve.spi;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleBatchTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00.123456789Z");
    private static final ProcessSnapshot PROCESS = new ProcessSnapshot(T0, 1, 2, 3.5);

    @Test
    void samplesRoundTripThroughTheColumns() {
        var ok = new PerformanceSample("checkout", "price", T0, Duration.ofNanos(1_234), true, null,
                Map.of("currency", "EUR"), 640, -1);
        var failed = new PerformanceSample("checkout", "pay", T0.minusSeconds(90), Duration.ZERO, false, "declined",
                Map.of(), -1, 5_000);

        SampleBatch batch = new SampleBatch(List.of(ok, failed), PROCESS);

        assertThat(batch.size()).isEqualTo(2);
        assertThat(batch.samples()).containsExactly(ok, failed);
        assertThat(batch.sample(1)).isEqualTo(failed);
        assertThat(batch.startEpochSecond(0)).isEqualTo(T0.getEpochSecond());
        assertThat(batch.startNano(0)).isEqualTo(123_456_789);
        assertThat(batch.durationNanos(0)).isEqualTo(1_234);
        assertThat(batch.errorMessage(1)).isEqualTo("declined");
        assertThat(batch.context(1)).isEmpty();
        assertThat(batch.process()).isEqualTo(PROCESS);
        assertThat(batch).isEqualTo(new SampleBatch(List.of(ok, failed), PROCESS));
        assertThatThrownBy(() -> batch.component(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void theBuilderCopiesAMutableContextAndStartsAgainEmptyAfterBuild() {
        Map<String, String> context = new HashMap<>(Map.of("k", "v"));
        SampleBatch.Builder builder = SampleBatch.builder(1);
        builder.add("c", "a", 10, 0, 5, true, null, context, -1, -1)
                .add("c", "b", 11, 1, 6, true, null, null, -1, -1);
        context.put("k", "changed");

        SampleBatch first = builder.build(PROCESS);
        SampleBatch second = builder.add("c", "c", 12, 2, 7, true, null, Map.of(), -1, -1).build(PROCESS);

        assertThat(first.size()).isEqualTo(2);
        assertThat(first.context(0)).containsExactlyEntriesOf(Map.of("k", "v"));
        assertThat(first.context(1)).isEmpty();
        assertThat(second.size()).isEqualTo(1);
        assertThat(second.operation(0)).isEqualTo("c");
        assertThat(builder.size()).isZero();
    }

    @Test
    void badSamplesAreRejectedNamingTheValue() {
        SampleBatch.Builder builder = SampleBatch.builder(0);
        assertThatThrownBy(() -> builder.add(null, "op", 0, 0, 0, true, null, null, -1, -1))
                .isInstanceOf(NullPointerException.class).hasMessage("component");
        assertThatThrownBy(() -> builder.add("c", "op", 0, 1_000_000_000, 0, true, null, null, -1, -1))
                .hasMessage("startNano must be in [0, 999999999] but was 1000000000");
        assertThatThrownBy(() -> builder.add("c", "op", 0, 0, -1, true, null, null, -1, -1))
                .hasMessage("durationNanos must not be negative but was -1");
        var endless = new PerformanceSample("c", "op", T0, Duration.ofSeconds(Long.MAX_VALUE / 2), true, null,
                Map.of(), -1, -1);
        assertThatThrownBy(() -> new SampleBatch(List.of(endless), PROCESS))
                .hasMessageStartingWith("duration must fit in a long of nanoseconds but was PT");
        assertThatThrownBy(() -> SampleBatch.builder(-1)).hasMessage("expected size must not be negative but was -1");
    }
}
