package dev.openevolve.internal.database;

import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The elite archive: exactly the {@code capacity} best programs of the whole database (by
 * {@link Entry#BEST_FIRST}), or all of them while fewer exist. Kept as a prefix of the global ranking,
 * so admitting a newcomer or refilling after a removal is {@code O(log n)}. Each island lists its
 * archived members for uniform parent choice. Not thread safe.
 */
final class Archive {
    private final int capacity;
    private final Island[] islands;
    private final TreeSet<Entry> members = new TreeSet<>(Entry.BEST_FIRST);

    Archive(int capacity, Island[] islands) {
        this.capacity = capacity;
        this.islands = islands;
    }

    int size() {
        return members.size();
    }

    /** Considers a newly ranked entry: it enters when the archive has room or it beats the weakest member. */
    void offer(Entry entry) {
        if (members.size() < capacity) {
            admit(entry);
        } else if (Entry.BEST_FIRST.compare(entry, members.last()) < 0) {
            expel(members.last());
            admit(entry);
        }
    }

    /** Drops a removed entry (already gone from {@code ranked}) and promotes the next best program. */
    void removed(Entry entry, NavigableSet<Entry> ranked) {
        if (entry.archived) {
            expel(entry);
            refill(ranked);
        }
    }

    /** Re-admits an entry in the order a snapshot listed it; {@link #rebalance} must follow. */
    void restore(Entry entry) {
        if (!entry.archived) {
            admit(entry);
        }
    }

    /**
     * Makes the archive the best-{@code capacity} prefix of {@code ranked} again, keeping the order of
     * members that stay; used after a restore, whose snapshot may come from another archive size.
     */
    void rebalance(NavigableSet<Entry> ranked) {
        Entry boundary = null;
        int taken = 0;
        for (Entry entry : ranked) {
            if (taken++ == capacity) {
                break;
            }
            boundary = entry;
        }
        if (boundary == null) {
            return;
        }
        final Entry last = boundary;
        List<Entry> outside = members.stream().filter(e -> Entry.BEST_FIRST.compare(e, last) > 0).toList();
        outside.forEach(this::expel);
        for (Entry entry : ranked.headSet(last, true)) {
            if (!entry.archived) {
                admit(entry);
            }
        }
    }

    private void refill(NavigableSet<Entry> ranked) {
        while (members.size() < capacity) {
            Entry next = members.isEmpty() ? (ranked.isEmpty() ? null : ranked.first()) : ranked.higher(members.last());
            if (next == null) {
                return;
            }
            admit(next);
        }
    }

    private void admit(Entry entry) {
        entry.archived = true;
        members.add(entry);
        islands[entry.island].archive(entry);
    }

    private void expel(Entry entry) {
        entry.archived = false;
        members.remove(entry);
        islands[entry.island].unarchive(entry);
    }
}
