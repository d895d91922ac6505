package dev.openevolve.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How candidates are evaluated (the seed's {@code evaluation}, OpenEvolve's {@code evaluator}
 * section). Immutable.
 *
 * @param timeout            hard wall-clock limit per candidate and stage
 * @param parallelism        candidates evaluated at once, at least 1 (default: available processors)
 * @param maxRetries         retries after an evaluator error (not a candidate failure)
 * @param cascade            run stages in order and stop below a threshold
 * @param cascadeThresholds  fitness a candidate must reach after stage i to run stage i+1
 * @param memoryLimitMb      memory cap for sandboxed evaluation processes, in MiB
 * @param maxOutputBytes     output a sandboxed process may write before it is stopped
 */
public record EvaluationConfig(Duration timeout, int parallelism, int maxRetries, boolean cascade,
                               List<Double> cascadeThresholds, int memoryLimitMb, long maxOutputBytes) {
    public EvaluationConfig {
        Objects.requireNonNull(timeout, "timeout");
        cascadeThresholds = List.copyOf(cascadeThresholds);
    }

    /** Defaults after OpenEvolve's, with parallelism from the machine. */
    public static EvaluationConfig defaults() {
        return new EvaluationConfig(Duration.ofSeconds(300), Math.max(1, Runtime.getRuntime().availableProcessors()),
                3, true, List.of(0.5, 0.75, 0.9), 512, 1L << 20);
    }
}
