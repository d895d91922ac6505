package dev.openevolve.server;

/**
 * What a person decides about a suggestion through the API. Which status it may be taken from is the loop's
 * state machine's to say ({@link dev.openevolve.spi.SuggestionStatus#canMoveTo}).
 */
public enum Decision {
    /** A pending suggestion is approved for rollout. */
    APPROVE,
    /** A pending or approved suggestion is rejected. */
    REJECT,
    /** A deployed or validated suggestion is rolled back through the host. */
    ROLLBACK
}
