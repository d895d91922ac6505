package dev.openevolve.spi;

/** Where a suggestion stands in the rollout. */
public enum SuggestionStatus {
    /** Proposed, nobody acted on it yet. */
    PENDING,
    /** A person approved it. */
    APPROVED,
    /** Rejected by a person or by validation. */
    REJECTED,
    /** Deployed. */
    APPLIED,
    /** Deployed, then rolled back because things got worse. */
    ROLLED_BACK
}
