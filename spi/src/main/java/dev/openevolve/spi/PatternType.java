package dev.openevolve.spi;

/** What a learned performance pattern says about the host. */
public enum PatternType {
    /** Operations that fail together, with similar characteristics. */
    FAILURE_CLUSTER,
    /** Operations markedly slower or heavier than the rest. */
    PERFORMANCE_BOTTLENECK,
    /** The host's ordinary behaviour: the baseline others are measured against. */
    NORMAL_OPERATION,
    /** Operations that got slower over time. */
    LATENCY_REGRESSION,
    /** One component out of line with its peers. */
    COMPONENT_OUTLIER,
    /** Operations whose durations fall into two distinct modes. */
    BIMODAL_DURATION
}
