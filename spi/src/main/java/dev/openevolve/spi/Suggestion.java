package dev.openevolve.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A ranked optimisation suggestion (the seed's {@code optimization_suggestions}). Immutable.
 *
 * @param id                  stable id
 * @param type                kind of suggestion, for example {@code performance_optimization}, {@code reliability}
 * @param targetComponent     the host component it concerns
 * @param description         what to do, for people
 * @param expectedImprovement expected relative gain, in [0, 1]
 * @param confidence          how sure the engine is, in [0, 1]
 * @param priority            1 is the most urgent
 * @param evolutionTarget     what the controller may evolve for it (a source path or operation), or {@code null}
 * @param status              where it stands
 * @param createdAt           when it was made
 * @param targetOperation     the operation of {@code targetComponent} it concerns, or {@code null} when it concerns
 *                            the component as a whole
 */
public record Suggestion(String id, String type, String targetComponent, String description,
                         double expectedImprovement, double confidence, int priority, String evolutionTarget,
                         SuggestionStatus status, Instant createdAt, String targetOperation) {
    public Suggestion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(targetComponent, "targetComponent");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        PerformancePattern.requireUnit("expectedImprovement", expectedImprovement);
        PerformancePattern.requireUnit("confidence", confidence);
        if (priority < 1) {
            throw new IllegalArgumentException("priority must be at least 1 but was " + priority);
        }
    }

    /** A suggestion about a whole component (no {@link #targetOperation()}). */
    public Suggestion(String id, String type, String targetComponent, String description, double expectedImprovement,
                      double confidence, int priority, String evolutionTarget, SuggestionStatus status,
                      Instant createdAt) {
        this(id, type, targetComponent, description, expectedImprovement, confidence, priority, evolutionTarget,
                status, createdAt, null);
    }

    /** The operation it concerns, if it names one. */
    public Optional<String> operation() {
        return Optional.ofNullable(targetOperation);
    }

    /** The evolution target, if the suggestion names one. */
    public Optional<String> target() {
        return Optional.ofNullable(evolutionTarget);
    }

    /** A copy with {@code newStatus}. */
    public Suggestion withStatus(SuggestionStatus newStatus) {
        return new Suggestion(id, type, targetComponent, description, expectedImprovement, confidence, priority,
                evolutionTarget, newStatus, createdAt, targetOperation);
    }
}
