package dev.openevolve;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The answer of {@link Controller#startEvolutionCycle}: {@link Status#STARTED} with the running cycle's eventual
 * result, or {@link Status#ALREADY_RUNNING} when a run or cycle was in progress (the seed's {@code started} /
 * {@code already_running}). Immutable and thread safe; the result is read-only: callers cannot complete it, and
 * completing a {@link CompletionStage#toCompletableFuture() copy} changes nothing the controller or other callers
 * see.
 */
public final class CycleStart {

    /** What a call to {@link Controller#startEvolutionCycle} did. */
    public enum Status {
        /** The call started a cycle. */
        STARTED,
        /** A run or cycle was in progress (or the controller was closed): nothing was started. */
        ALREADY_RUNNING
    }

    private static final CycleStart ALREADY_RUNNING = new CycleStart(Status.ALREADY_RUNNING, null);

    private final Status status;
    private final CompletionStage<RunResult> result;

    private CycleStart(Status status, CompletionStage<RunResult> result) {
        this.status = status;
        this.result = result;
    }

    static CycleStart started(CompletableFuture<RunResult> running) {
        Objects.requireNonNull(running, "running");
        return new CycleStart(Status.STARTED, running.minimalCompletionStage());
    }

    static CycleStart alreadyRunning() {
        return ALREADY_RUNNING;
    }

    /** What the call did. */
    public Status status() {
        return status;
    }

    /** Whether this call started a cycle. */
    public boolean started() {
        return status == Status.STARTED;
    }

    /**
     * The started cycle's eventual result (completing exceptionally when the cycle failed); empty when nothing was
     * started.
     */
    public Optional<CompletionStage<RunResult>> result() {
        return Optional.ofNullable(result);
    }

    @Override
    public String toString() {
        return "CycleStart[" + status + "]";
    }
}
