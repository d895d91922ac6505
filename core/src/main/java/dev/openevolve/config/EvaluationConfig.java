package dev.openevolve.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How candidates are evaluated (the seed's {@code evaluation}, OpenEvolve's {@code evaluator}
 * section). Immutable and thread safe.
 * The canonical constructor accepts any value so that loading can report every problem at once; the
 * {@code with…} methods reject a bad argument with an {@link IllegalArgumentException} naming it, and
 * {@link OpenEvolveConfig#validate()} checks the whole tree.
 *
 * @param timeout            hard wall-clock limit per candidate and stage, positive
 * @param parallelism        candidates evaluated at once, at least 1 (default: available processors)
 * @param maxRetries         retries after an evaluator error (not a candidate failure), at least 0
 * @param cascade            run stages in order and stop below a threshold
 * @param cascadeThresholds  fitness a candidate must reach after stage i to run stage i+1; each in [0, 1],
 *                           ascending
 * @param memoryLimitMb      memory cap for sandboxed evaluation processes, in MiB, at least 1
 * @param maxOutputBytes     output a sandboxed process may write before it is stopped, at least 1
 * @param passEnv            names of this process's environment variables an evaluator sees ({@code pass_env});
 *                           default none; names that look like secrets ({@code *KEY*}, {@code *TOKEN*},
 *                           {@code *SECRET*}, {@code *PASSWORD*}) are refused
 * @param executor           where candidates are scored: {@code local} (this process, the default) or the id of
 *                           an {@link dev.openevolve.evaluation.EvaluationExecutorProvider} such as {@code cluster}
 */
public record EvaluationConfig(Duration timeout, int parallelism, int maxRetries, boolean cascade,
                               List<Double> cascadeThresholds, int memoryLimitMb, long maxOutputBytes,
                               List<String> passEnv, String executor) {
    public EvaluationConfig {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(executor, "executor");
        cascadeThresholds = List.copyOf(cascadeThresholds);
        passEnv = List.copyOf(passEnv);
    }

    /** A configuration evaluating in this process ({@code executor} {@code local}) with no environment passed. */
    public EvaluationConfig(Duration timeout, int parallelism, int maxRetries, boolean cascade,
                            List<Double> cascadeThresholds, int memoryLimitMb, long maxOutputBytes) {
        this(timeout, parallelism, maxRetries, cascade, cascadeThresholds, memoryLimitMb, maxOutputBytes, List.of(),
                "local");
    }

    /** Defaults after OpenEvolve's, with parallelism from the machine. */
    public static EvaluationConfig defaults() {
        return new EvaluationConfig(Duration.ofSeconds(300), Math.max(1, Runtime.getRuntime().availableProcessors()),
                3, true, List.of(0.5, 0.75, 0.9), 512, 1L << 20);
    }

    /** A copy with {@code timeout} set; positive. */
    public EvaluationConfig withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return checked(new EvaluationConfig(timeout, parallelism, maxRetries, cascade, cascadeThresholds,
                memoryLimitMb, maxOutputBytes, passEnv, executor), "timeout", "timeout");
    }

    /** A copy with {@code parallelism} set; at least 1. */
    public EvaluationConfig withParallelism(int parallelism) {
        return checked(new EvaluationConfig(timeout, parallelism, maxRetries, cascade, cascadeThresholds,
                memoryLimitMb, maxOutputBytes, passEnv, executor), "parallelism", "parallelism");
    }

    /** A copy with {@code maxRetries} set; at least 0. */
    public EvaluationConfig withMaxRetries(int maxRetries) {
        return checked(new EvaluationConfig(timeout, parallelism, maxRetries, cascade, cascadeThresholds,
                memoryLimitMb, maxOutputBytes, passEnv, executor), "max_retries", "maxRetries");
    }

    /** A copy with {@code cascade} set. */
    public EvaluationConfig withCascade(boolean cascade) {
        return new EvaluationConfig(timeout, parallelism, maxRetries, cascade, cascadeThresholds, memoryLimitMb,
                maxOutputBytes, passEnv, executor);
    }

    /** A copy with {@code cascadeThresholds} set; each in [0, 1], in ascending order. */
    public EvaluationConfig withCascadeThresholds(List<Double> cascadeThresholds) {
        Objects.requireNonNull(cascadeThresholds, "cascadeThresholds");
        return checked(new EvaluationConfig(timeout, parallelism, maxRetries, cascade, cascadeThresholds,
                memoryLimitMb, maxOutputBytes, passEnv, executor), "cascade_thresholds", "cascadeThresholds");
    }

    /** A copy with {@code memoryLimitMb} set; at least 1. */
    public EvaluationConfig withMemoryLimitMb(int memoryLimitMb) {
        return checked(new EvaluationConfig(timeout, parallelism, maxRetries, cascade, cascadeThresholds,
                memoryLimitMb, maxOutputBytes, passEnv, executor), "memory_limit_mb", "memoryLimitMb");
    }

    /** A copy with {@code maxOutputBytes} set; at least 1. */
    public EvaluationConfig withMaxOutputBytes(long maxOutputBytes) {
        return checked(new EvaluationConfig(timeout, parallelism, maxRetries, cascade, cascadeThresholds,
                memoryLimitMb, maxOutputBytes, passEnv, executor), "max_output_bytes", "maxOutputBytes");
    }

    /** A copy with {@code passEnv} set; each a variable name that does not look like a secret. */
    public EvaluationConfig withPassEnv(List<String> passEnv) {
        Objects.requireNonNull(passEnv, "passEnv");
        return checked(new EvaluationConfig(timeout, parallelism, maxRetries, cascade, cascadeThresholds,
                memoryLimitMb, maxOutputBytes, passEnv, executor), "pass_env", "passEnv");
    }

    /** A copy with {@code executor} set; {@code local} or a lower-case provider id such as {@code cluster}. */
    public EvaluationConfig withExecutor(String executor) {
        Objects.requireNonNull(executor, "executor");
        return checked(new EvaluationConfig(timeout, parallelism, maxRetries, cascade, cascadeThresholds,
                memoryLimitMb, maxOutputBytes, passEnv, executor), "executor", "executor");
    }

    /**
     * Checks every rule of this section; keys are named as in YAML ({@code evaluation.parallelism}).
     *
     * @return this config
     * @throws IllegalArgumentException naming every broken rule, its key and the rejected value
     */
    public EvaluationConfig requireValid() {
        return ConfigValidator.requireValid(this, "evaluation", (c, p) -> ConfigValidator.evaluation(c, "evaluation.", p));
    }

    private static EvaluationConfig checked(EvaluationConfig candidate, String key, String argument) {
        return ConfigValidator.checked(candidate, (c, p) -> ConfigValidator.evaluation(c, "", p), key, argument);
    }
}
