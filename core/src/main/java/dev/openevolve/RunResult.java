package dev.openevolve;

import dev.openevolve.spi.Program;
import dev.openevolve.spi.TokenUsage;
import java.time.Duration;
import java.util.Objects;

/**
 * How a run or cycle ended. Immutable.
 *
 * @param runId      the run
 * @param initial    the initial program as evaluated
 * @param best       the best program found (the initial one when nothing beat it)
 * @param iterations the last completed iteration number of the run
 * @param reason     why it stopped
 * @param detail     a sentence explaining the stop, for people
 * @param tokens     tokens the run's model calls consumed (since the controller started)
 * @param costUsd    what they cost
 * @param elapsed    wall time of this call
 */
public record RunResult(String runId, Program initial, Program best, long iterations, StopReason reason, String detail,
                        TokenUsage tokens, double costUsd, Duration elapsed) {
    public RunResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(best, "best");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Best fitness minus initial fitness. */
    public double improvement() {
        return best.fitness() - initial.fitness();
    }
}
