package dev.openevolve.spi;

import java.util.List;
import java.util.Optional;

/**
 * Durable storage of suggestions and of the decisions taken on them. Thread safe; failures throw
 * {@link StoreException}.
 */
public interface SuggestionStore {

    /** Inserts or replaces (by id) every suggestion given. */
    void save(List<Suggestion> suggestions);

    /**
     * Inserts the suggestions whose id is not stored yet, as one transaction, and leaves the stored ones (and
     * their status) untouched: a suggestion found again keeps its place in its life.
     *
     * @return the suggestions that were inserted, in the order given
     */
    List<Suggestion> insertNew(List<Suggestion> suggestions);

    /** Every stored suggestion, by priority then confidence (highest first). */
    List<Suggestion> list();

    /** The suggestion with {@code id}, if stored. */
    Optional<Suggestion> find(String id);

    /**
     * Moves a suggestion from {@link SuggestionDecision#from()} to {@link SuggestionDecision#to()} and appends
     * the decision to its history, atomically: nothing changes when the suggestion is missing or no longer in
     * {@code from} (someone else decided first). The store does not judge whether the step is legal; callers do.
     *
     * @return whether the suggestion moved
     */
    boolean transition(SuggestionDecision decision);

    /** The decisions taken on suggestion {@code id}, oldest first; empty for an unknown id. */
    List<SuggestionDecision> history(String id);
}
