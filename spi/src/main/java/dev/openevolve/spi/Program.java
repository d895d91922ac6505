package dev.openevolve.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An evaluated program of an evolution run, as the program database keeps it and stores persist
 * it. Immutable.
 *
 * @param id         unique within the run
 * @param code       the full source
 * @param language   the language name, lower case
 * @param parentId   the program it was derived from, or {@code null} for an initial program; see {@link #parent()}
 * @param generation the number of ancestors
 * @param iteration  the iteration that produced it ({@code 0} for the initial program)
 * @param island     the island it lives on
 * @param metrics    the evaluator's metrics, empty when evaluation failed
 * @param artifacts  the evaluator's text artifacts
 * @param changes    a short description of the change that produced it, empty for an initial program
 * @param createdAt  when it was evaluated, by the engine's clock
 */
public record Program(String id, String code, String language, String parentId, int generation, long iteration,
                      int island, Map<String, Double> metrics, Map<String, String> artifacts, String changes,
                      Instant createdAt) {

    public Program {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(changes, "changes");
        Objects.requireNonNull(createdAt, "createdAt");
        if (id.isBlank()) {
            throw new IllegalArgumentException("program id must not be blank");
        }
        if (generation < 0 || iteration < 0 || island < 0) {
            throw new IllegalArgumentException("generation, iteration and island must not be negative but were "
                    + generation + ", " + iteration + " and " + island);
        }
        metrics = Map.copyOf(metrics);
        artifacts = Map.copyOf(artifacts);
    }

    /** The parent's id; empty for an initial program. */
    public Optional<String> parent() {
        return Optional.ofNullable(parentId);
    }

    /** The fitness by {@link EvaluationResult#fitnessOf}: {@code combined_score}, else the mean metric. */
    public double fitness() {
        return EvaluationResult.fitnessOf(metrics, true);
    }

    /** This program as a candidate for evaluation. */
    public Candidate asCandidate() {
        return new Candidate(id, code, language);
    }

    /** A copy living on {@code newIsland} under {@code newId}, as migration makes it. */
    public Program migrate(String newId, int newIsland) {
        return new Program(newId, code, language, parentId, generation, iteration, newIsland, metrics, artifacts,
                changes, createdAt);
    }
}
