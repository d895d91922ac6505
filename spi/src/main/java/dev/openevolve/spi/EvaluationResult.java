package dev.openevolve.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What an evaluator found: numeric metrics (higher is better; {@code combined_score} is the
 * fitness when present), text artifacts fed back into the next prompt (stderr tails, compiler
 * messages, profiler output) and, for a failed evaluation, the reason. Immutable.
 *
 * @param metrics       finite numeric metrics by name
 * @param artifacts     text artifacts by name
 * @param failureReason why the evaluation failed, or {@code null} when it succeeded; see {@link #failure()}
 */
public record EvaluationResult(Map<String, Double> metrics, Map<String, String> artifacts, String failureReason) {

    /** The metric OpenEvolve and this library read as the fitness when an evaluator reports it. */
    public static final String COMBINED_SCORE = "combined_score";

    public EvaluationResult {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(artifacts, "artifacts");
        metrics.forEach((k, v) -> {
            Objects.requireNonNull(k, "metric name");
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException("metric '" + k + "' must be a finite number but was " + v);
            }
        });
        metrics = Map.copyOf(metrics);
        artifacts = Map.copyOf(artifacts);
        if (failureReason != null && failureReason.isBlank()) {
            throw new IllegalArgumentException("failure reason must not be blank");
        }
    }

    /** A successful evaluation. */
    public static EvaluationResult success(Map<String, Double> metrics, Map<String, String> artifacts) {
        return new EvaluationResult(metrics, artifacts, null);
    }

    /** A successful evaluation without artifacts. */
    public static EvaluationResult success(Map<String, Double> metrics) {
        return new EvaluationResult(metrics, Map.of(), null);
    }

    /** A failed evaluation with the reason and whatever artifacts help explain it. */
    public static EvaluationResult failure(String reason, Map<String, String> artifacts) {
        Objects.requireNonNull(reason, "reason");
        return new EvaluationResult(Map.of(), artifacts, reason);
    }

    /** Why the evaluation failed; empty when it succeeded. */
    public Optional<String> failure() {
        return Optional.ofNullable(failureReason);
    }

    /** Whether the candidate was evaluated without failure. */
    public boolean succeeded() {
        return failureReason == null;
    }

    /** The metric named {@code name}, if reported. */
    public OptionalDouble metric(String name) {
        Double v = metrics.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /**
     * The fitness: {@code combined_score} when reported, otherwise the mean of all metrics
     * (OpenEvolve's rule), and {@code 0} for a failed evaluation or one without metrics.
     */
    public double fitness() {
        return fitnessOf(metrics, succeeded());
    }

    /** The fitness rule of {@link #fitness()}, for callers that hold only a metrics map. */
    public static double fitnessOf(Map<String, Double> metrics, boolean succeeded) {
        if (!succeeded || metrics.isEmpty()) {
            return 0.0;
        }
        Double combined = metrics.get(COMBINED_SCORE);
        if (combined != null) {
            return combined;
        }
        double sum = 0;
        for (double v : metrics.values()) {
            sum += v;
        }
        return sum / metrics.size();
    }
}
