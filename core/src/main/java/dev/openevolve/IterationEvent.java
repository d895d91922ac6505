package dev.openevolve;

import dev.openevolve.spi.Program;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Progress after one completed iteration. Immutable.
 *
 * @param runId               the run
 * @param iteration           the iteration just completed
 * @param island              the island it worked on
 * @param candidate           the evaluated candidate, or {@code null} when the iteration produced none; see {@link #program()}
 * @param improved            whether it became the new best program
 * @param bestFitness         the best fitness so far
 * @param bestId              the best program's id
 * @param problems            what went wrong in this iteration (diff not applied, compile error, model failure)
 * @param iterationsPerSecond the run's rate over this call so far
 * @param rejection           why the evaluated candidate was not added to the program database (novelty rejection:
 *                            too similar to a program of its island); empty when it was added or there was none
 */
public record IterationEvent(String runId, long iteration, int island, Program candidate, boolean improved,
                             double bestFitness, String bestId, List<String> problems, double iterationsPerSecond,
                             String rejection) {
    public IterationEvent {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(bestId, "bestId");
        Objects.requireNonNull(rejection, "rejection");
        problems = List.copyOf(problems);
    }

    /** Why the evaluated candidate was not added to the program database; empty when it was added or there was none. */
    public Optional<String> rejected() {
        return rejection.isEmpty() ? Optional.empty() : Optional.of(rejection);
    }

    /** The evaluated candidate; empty when the iteration produced no candidate. */
    public Optional<Program> program() {
        return Optional.ofNullable(candidate);
    }
}
