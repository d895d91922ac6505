package dev.openevolve;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The answer of {@link Controller#startEvolutionCycle}: {@code started} with the running cycle's
 * future, or {@code already_running} when a cycle was in progress (the seed's contract). Immutable.
 *
 * @param status  {@code "started"} or {@code "already_running"}
 * @param running the cycle's result, present only when started; see {@link #result()}
 */
public record CycleStart(String status, CompletableFuture<RunResult> running) {

    /** Status of a call that started a cycle. */
    public static final String STARTED = "started";
    /** Status of a call made while a cycle was in progress. */
    public static final String ALREADY_RUNNING = "already_running";

    public CycleStart {
        Objects.requireNonNull(status, "status");
        if (!status.equals(STARTED) && !status.equals(ALREADY_RUNNING)) {
            throw new IllegalArgumentException("status must be started or already_running but was " + status);
        }
    }

    static CycleStart alreadyRunning() {
        return new CycleStart(ALREADY_RUNNING, null);
    }

    /** Whether this call started a cycle. */
    public boolean started() {
        return STARTED.equals(status);
    }

    /** The started cycle's eventual result; empty when another cycle was already running. */
    public Optional<CompletableFuture<RunResult>> result() {
        return Optional.ofNullable(running);
    }
}
