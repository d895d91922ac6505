package dev.openevolve.loop;

import dev.openevolve.spi.Suggestion;
import java.util.Objects;
import java.util.Optional;

/**
 * What one evolution cycle of the loop found. Immutable.
 *
 * @param runId        the evolution run (its programs are in the store under this id)
 * @param initialScore the starting program's score
 * @param bestScore    the best program's score
 * @param iterations   iterations run
 * @param suggestion   the suggestion made when the best program beat the initial one, or {@code null}
 */
public record EvolutionOutcome(String runId, double initialScore, double bestScore, long iterations,
                               Suggestion suggestion) {
    public EvolutionOutcome {
        Objects.requireNonNull(runId, "runId");
    }

    /** The suggestion made, if the run improved on the initial program. */
    public Optional<Suggestion> improvement() {
        return Optional.ofNullable(suggestion);
    }
}
