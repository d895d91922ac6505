package dev.openevolve.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One step in a suggestion's life, with who took it, when and why, and the evidence it rests on (for an
 * automatic rollback: the test statistics, p-values and sample counts). Immutable.
 *
 * @param suggestionId the suggestion
 * @param from         the status it left
 * @param to           the status it entered
 * @param actor        who decided: a person's name or {@code loop} for the loop's own decisions
 * @param at           when
 * @param reason       why, for people (may be empty)
 * @param evidence     measured facts behind the decision (may be empty)
 */
public record SuggestionDecision(String suggestionId, SuggestionStatus from, SuggestionStatus to, String actor,
                                 Instant at, String reason, Map<String, String> evidence) {
    public SuggestionDecision {
        Objects.requireNonNull(suggestionId, "suggestionId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
        evidence = Map.copyOf(Objects.requireNonNull(evidence, "evidence"));
        if (actor.isBlank()) {
            throw new IllegalArgumentException("actor must not be blank");
        }
    }
}
