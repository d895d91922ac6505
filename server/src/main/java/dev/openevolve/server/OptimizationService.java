package dev.openevolve.server;

import dev.openevolve.spi.AuditEntry;
import dev.openevolve.spi.LoopEvent;
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

    /**
     * Suggestions made in {@code [from, to)}, of {@code component} and {@code operation} when given, most
     * urgent first.
     */
    List<Suggestion> suggestions(Optional<String> component, Optional<String> operation, Instant from, Instant to);

    /**
     * Starts an evolution cycle for {@code component}/{@code operation} in the background.
     *
     * @throws ServiceException {@code NOT_FOUND} when there is no evolution target for it, {@code CONFLICT} when
     *                          the loop's phase or flags do not allow evolution, {@code UNAVAILABLE} when the
     *                          loop cannot take the request now
     */
    void triggerEvolution(String component, String operation);

    /** The sampled performance per component and operation in {@code [from, to)}, of {@code component} when given. */
    List<MetricSummary> performanceMetrics(Optional<String> component, Instant from, Instant to);

    /**
     * Applies {@code decision}, taken by {@code actor}, to the suggestion {@code id} and returns it as it now stands.
     *
     * @throws ServiceException {@code NOT_FOUND} for an unknown id, {@code CONFLICT} when its status, the loop's
     *                          phase or its flags do not allow the decision
     */
    Suggestion decide(String id, Decision decision, String actor, String reason);

    /** Every feature flag and whether it is on. */
    Map<String, Boolean> flags();

    /**
     * Turns a known flag on or off on behalf of {@code actor} and returns the flags.
     *
     * @throws ServiceException {@code NOT_FOUND} for a flag the service does not know
     */
    Map<String, Boolean> setFlag(String name, boolean enabled, String actor);

    /** The loop's events after sequence number {@code afterSequence}, oldest first, at most {@code limit}. */
    List<LoopEvent> events(long afterSequence, int limit);

    /** The state of each part of the loop. */
    Health health();

    /** Records a state change made through the API in the audit trail. */
    void audit(AuditEntry entry);

    /** Audit entries in {@code [from, to)}, oldest first, at most {@code limit}. */
    List<AuditEntry> auditTrail(Instant from, Instant to, int limit);

    /** The run report as a self-contained HTML page that reloads itself every {@code refresh}. */
    String report(Duration refresh);
}
