package dev.openevolve.server;

import dev.openevolve.spi.AuditEntry;
import dev.openevolve.spi.Suggestion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the HTTP API drives: the optimisation loop's queries and commands. Implementations are thread safe;
 * the API calls them from its request threads. Refusals throw {@link ServiceException}; store failures
 * throw {@link dev.openevolve.spi.StoreException}.
 */
public interface OptimizationService {

    /** Suggestions made in {@code [from, to)}, of {@code component} when given, most urgent first. */
    List<Suggestion> suggestions(Optional<String> component, Instant from, Instant to);

    /**
     * Starts an evolution cycle in the background.
     *
     * @param context why, for example the event that triggered it; logged and kept with the cycle's events
     * @throws ServiceException {@code CONFLICT} while a cycle runs, {@code UNAVAILABLE} without a controller
     */
    void triggerEvolution(Map<String, String> context);

    /** The sampled performance per component and operation in {@code [from, to)}, of {@code component} when given. */
    List<MetricSummary> performanceMetrics(Optional<String> component, Instant from, Instant to);

    /**
     * Applies {@code decision} to the suggestion {@code id} and returns it as it now stands.
     *
     * @throws ServiceException {@code NOT_FOUND} for an unknown id, {@code CONFLICT} when its status does not
     *                          allow the decision
     */
    Suggestion decide(String id, Decision decision, String reason);

    /** Every feature flag and whether it is on. */
    Map<String, Boolean> flags();

    /**
     * Turns a known flag on or off and returns the flags.
     *
     * @throws ServiceException {@code NOT_FOUND} for a flag the service does not know
     */
    Map<String, Boolean> setFlag(String name, boolean enabled);

    /** Events at or after {@code since}, oldest first, at most {@code limit}. */
    List<LoopEvent> events(Instant since, int limit);

    /** The state of each part of the loop. */
    Health health();

    /** Records a state change made through the API in the audit trail. */
    void audit(AuditEntry entry);

    /** Audit entries in {@code [from, to)}, oldest first, at most {@code limit}. */
    List<AuditEntry> auditTrail(Instant from, Instant to, int limit);

    /** The run report as a self-contained HTML page that reloads itself every {@code refresh}. */
    String report(Duration refresh);
}
