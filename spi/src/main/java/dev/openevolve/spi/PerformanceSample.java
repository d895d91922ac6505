package dev.openevolve.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One sampled operation of the host (the seed's {@code PerformanceMetrics}). Immutable.
 *
 * @param component      the host component, for example {@code checkout}
 * @param operation      the operation within it, for example {@code price}
 * @param start          when the operation started (wall clock)
 * @param duration       how long it took (monotonic clock)
 * @param success        whether it completed without failure
 * @param errorMessage   the failure's message, or {@code null}; see {@link #error()}
 * @param context        small host-supplied attributes
 * @param allocatedBytes bytes the thread allocated during the operation, {@code -1} when not measured
 * @param cpuNanos       thread CPU time during the operation, {@code -1} when not measured
 */
public record PerformanceSample(String component, String operation, Instant start, Duration duration, boolean success,
                                String errorMessage, Map<String, String> context, long allocatedBytes, long cpuNanos) {
    public PerformanceSample {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(context, "context");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative but was " + duration);
        }
        context = Map.copyOf(context);
    }

    /** When the operation ended. */
    public Instant end() {
        return start.plus(duration);
    }

    /** The failure's message; empty for a success or a failure without message. */
    public Optional<String> error() {
        return Optional.ofNullable(errorMessage);
    }
}
