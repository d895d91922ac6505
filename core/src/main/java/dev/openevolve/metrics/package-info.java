/**
 * Sampled performance metrics of the host's operations, at a cost the host cannot feel.
 *
 * <p>{@link dev.openevolve.metrics.MetricsSampler} is the entry point: the host creates one from its
 * {@code PerformanceConfig} and a {@code MetricsStore}, wraps operations with it and closes it on shutdown;
 * {@link dev.openevolve.metrics.MetricsSampler#noop()} switches sampling off. Everything else in this package is
 * implementation.
 */
package dev.openevolve.metrics;
