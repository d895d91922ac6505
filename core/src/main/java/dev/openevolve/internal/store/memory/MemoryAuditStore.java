package dev.openevolve.internal.store.memory;

import dev.openevolve.spi.AuditEntry;
import dev.openevolve.spi.AuditStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Audit entries ordered by time (ties in append order), at most {@code maxEntries}; the oldest go first. Thread safe. */
final class MemoryAuditStore implements AuditStore {
    private final Runnable ensureOpen;
    private final TimeIndex<AuditEntry> entries;

    MemoryAuditStore(int maxEntries, Runnable ensureOpen) {
        this.entries = new TimeIndex<>(maxEntries);
        this.ensureOpen = ensureOpen;
    }

    @Override
    public void append(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        ensureOpen.run();
        entries.addAll(List.of(entry), AuditEntry::at);
    }

    @Override
    public List<AuditEntry> find(Instant from, Instant to, int limit) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        ensureOpen.run();
        return entries.find(from, to, limit);
    }

    void clear() {
        entries.clear();
    }
}
