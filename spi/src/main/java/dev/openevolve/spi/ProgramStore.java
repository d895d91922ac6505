package dev.openevolve.spi;

import java.util.List;
import java.util.Optional;

/**
 * Durable record of every evaluated program of a run, and of the run's checkpoints, so that a
 * run killed at any moment resumes with nothing lost and nothing evaluated twice.
 * Implementations are thread safe; every method either completes or throws {@link StoreException}.
 */
public interface ProgramStore {

    /**
     * Saves a program of {@code runId}. Saving a program whose id is already stored for the run
     * replaces it: a store never holds two rows for one id.
     */
    void save(String runId, Program program);

    /** The program {@code programId} of {@code runId}, if stored. */
    Optional<Program> find(String runId, String programId);

    /** Every stored program of {@code runId}, ordered by iteration, then id. */
    List<Program> list(String runId);

    /** Stores {@code checkpoint}, replacing an older one of the same run and iteration. */
    void saveCheckpoint(RunCheckpoint checkpoint);

    /** The checkpoint with the highest iteration of {@code runId}, if any. */
    Optional<RunCheckpoint> latestCheckpoint(String runId);
}
