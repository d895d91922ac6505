package dev.openevolve.spi;

/**
 * One storage backend: the program, metrics, pattern, suggestion, event, rollout and audit stores over a single
 * database or memory space. Thread safe. Lifecycle: opened by a {@link StoreProvider}, closed
 * by the host; a store never closes resources (such as a {@code DataSource}) it was handed.
 */
public interface Store extends AutoCloseable {

    /** Programs and checkpoints of evolution runs. */
    ProgramStore programs();

    /** Sampled performance metrics. */
    MetricsStore metrics();

    /** Learned patterns. */
    PatternStore patterns();

    /** Optimisation suggestions and the decisions taken on them. */
    SuggestionStore suggestions();

    /** The continuous-learning loop's event log. */
    EventStore events();

    /** The loop's configuration versions and feature flags. */
    RolloutStore rollout();
    /** The audit trail of state changes. */
    AuditStore audit();

    /** Releases what the store owns. Idempotent. */
    @Override
    void close();
}
