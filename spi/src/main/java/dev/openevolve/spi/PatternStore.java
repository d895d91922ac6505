package dev.openevolve.spi;

import java.util.List;

/** Durable storage of learned patterns. Thread safe; failures throw {@link StoreException}. */
public interface PatternStore {

    /** Inserts or replaces (by id) every pattern given. */
    void save(List<PerformancePattern> patterns);

    /** Every stored pattern, highest confidence first. */
    List<PerformancePattern> list();
}
