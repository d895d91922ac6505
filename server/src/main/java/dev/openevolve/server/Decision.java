package dev.openevolve.server;

import dev.openevolve.spi.SuggestionStatus;
import java.util.Set;

/** What a person decides about a suggestion, with the statuses it may be taken from and the one it leads to. */
public enum Decision {
    /** A pending suggestion is approved for rollout. */
    APPROVE(Set.of(SuggestionStatus.PENDING), SuggestionStatus.APPROVED),
    /** A pending or approved suggestion is rejected. */
    REJECT(Set.of(SuggestionStatus.PENDING, SuggestionStatus.APPROVED), SuggestionStatus.REJECTED),
    /** A deployed or validated suggestion is rolled back. */
    ROLLBACK(Set.of(SuggestionStatus.DEPLOYED, SuggestionStatus.VALIDATED), SuggestionStatus.ROLLED_BACK);

    private final Set<SuggestionStatus> from;
    private final SuggestionStatus to;

    Decision(Set<SuggestionStatus> from, SuggestionStatus to) {
        this.from = from;
        this.to = to;
    }

    /** The statuses this decision may be taken from. */
    public Set<SuggestionStatus> from() {
        return from;
    }

    /** The status it leads to. */
    public SuggestionStatus to() {
        return to;
    }
}
