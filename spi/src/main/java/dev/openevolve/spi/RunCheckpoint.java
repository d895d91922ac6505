package dev.openevolve.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * The engine's state after a completed iteration, as an opaque document the engine writes and
 * reads back on resume; programs themselves are stored one by one in the {@link ProgramStore}.
 * Immutable.
 *
 * @param runId     the run
 * @param iteration the last iteration fully included in {@code state}
 * @param state     the engine's serialized state (JSON); stores keep it verbatim
 * @param savedAt   when it was written
 */
public record RunCheckpoint(String runId, long iteration, String state, Instant savedAt) {
    public RunCheckpoint {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(savedAt, "savedAt");
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must not be negative but was " + iteration);
        }
    }
}
