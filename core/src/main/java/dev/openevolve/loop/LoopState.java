package dev.openevolve.loop;

import java.util.Map;

/**
 * A snapshot of the loop for health checks and dashboards. Immutable.
 *
 * @param phase                the current phase
 * @param configVersion        the stored configuration version in force
 * @param flags                every feature and whether it is on
 * @param queuedEvents         published events not handled yet
 * @param droppedEvents        events refused because the queue was full, since start
 * @param handledEvents        events handled, since start
 * @param failedEvents         events whose handling failed, since start
 * @param droppedSamples       samples not stored because the {@code metrics} flag was off, since start
 * @param pendingValidations   deployments whose validation is still waiting for a clear verdict
 * @param closed               whether the loop was closed
 */
public record LoopState(Phase phase, int configVersion, Map<Feature, Boolean> flags, int queuedEvents,
                        long droppedEvents, long handledEvents, long failedEvents, long droppedSamples,
                        int pendingValidations, boolean closed) {
    public LoopState {
        flags = Map.copyOf(flags);
    }
}
