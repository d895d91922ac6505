package dev.openevolve.spi;

import java.util.List;

/** Durable storage of suggestions. Thread safe; failures throw {@link StoreException}. */
public interface SuggestionStore {

    /** Inserts or replaces (by id) every suggestion given. */
    void save(List<Suggestion> suggestions);

    /** Every stored suggestion, by priority then confidence (highest first). */
    List<Suggestion> list();
}
