package dev.openevolve.server;

import java.util.Objects;

/**
 * The sampled performance of one operation of one component over a time range. Immutable.
 *
 * @param component the host component
 * @param operation the operation within it
 * @param samples   how many samples the range held
 * @param failures  how many of them failed
 * @param meanMs    mean duration in milliseconds
 * @param p95Ms     95th percentile duration in milliseconds (nearest rank)
 * @param maxMs     longest duration in milliseconds
 */
public record MetricSummary(String component, String operation, long samples, long failures, double meanMs,
                            double p95Ms, double maxMs) {
    public MetricSummary {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(operation, "operation");
    }
}
