package dev.openevolve.spi;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a suggestion stands in its life: {@code PENDING → APPROVED | REJECTED}, {@code APPROVED → DEPLOYED |
 * REJECTED}, {@code DEPLOYED → VALIDATED | ROLLED_BACK}, {@code VALIDATED → ROLLED_BACK}. {@code REJECTED} and
 * {@code ROLLED_BACK} are final. {@link #canMoveTo} answers whether a step is legal; stores record the steps,
 * the loop refuses the illegal ones.
 */
public enum SuggestionStatus {
    /** Proposed, nobody acted on it yet. */
    PENDING,
    /** A person (or the autonomous phase) approved it. */
    APPROVED,
    /** Rejected by a person; final. */
    REJECTED,
    /** Deployed by the host; validation compares it with its baseline. */
    DEPLOYED,
    /** Deployed and measured better than its baseline. */
    VALIDATED,
    /** Deployed, then rolled back (automatically on degradation, or by a person); final. */
    ROLLED_BACK;

    /** The statuses this one may move to; empty for a final status. */
    public Set<SuggestionStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(APPROVED, REJECTED);
            case APPROVED -> EnumSet.of(DEPLOYED, REJECTED);
            case DEPLOYED -> EnumSet.of(VALIDATED, ROLLED_BACK);
            case VALIDATED -> EnumSet.of(ROLLED_BACK);
            case REJECTED, ROLLED_BACK -> EnumSet.noneOf(SuggestionStatus.class);
        };
    }

    /** Whether a suggestion in this status may move to {@code target}. */
    public boolean canMoveTo(SuggestionStatus target) {
        return next().contains(target);
    }
}
