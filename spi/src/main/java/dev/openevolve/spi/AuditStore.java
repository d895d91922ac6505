package dev.openevolve.spi;

import java.time.Instant;
import java.util.List;

/**
 * Durable, append-only record of state changes made through the API (the audit trail). Entries are
 * never updated or deleted by the library. Thread safe; failures throw {@link StoreException}.
 */
public interface AuditStore {

    /** Appends {@code entry}; committed when the call returns. */
    void append(AuditEntry entry);

    /**
     * Entries whose time lies in {@code [from, to)}, oldest first (entries with the same time in append
     * order), at most {@code limit}; nothing when {@code from} is not before {@code to}.
     *
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    List<AuditEntry> find(Instant from, Instant to, int limit);
}
