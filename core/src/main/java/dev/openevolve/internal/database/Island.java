package dev.openevolve.internal.database;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * One island's population and indexes: a member array (uniform choice, swap-remove), a
 * {@link WeightTree} parallel to it (fitness-weighted choice), a best-first ordered set (best, top,
 * elites), its MAP-Elites grid, a count of each code text living here (migration's duplicate check)
 * and its members that are in the elite archive. Every operation is {@code O(log n)} or better.
 * Lookup maps are never iterated, so their hash order cannot leak into results. Not thread safe.
 */
final class Island {
    final int index;
    final List<Entry> members = new ArrayList<>();
    final TreeSet<Entry> ranked = new TreeSet<>(Entry.BEST_FIRST);
    final Map<Long, Entry> cells = new HashMap<>();
    final List<Entry> archived = new ArrayList<>();
    long generation;

    private final WeightTree weights = new WeightTree();
    private final Map<String, Integer> codeCounts = new HashMap<>();

    Island(int index) {
        this.index = index;
    }

    int size() {
        return members.size();
    }

    /** Adds {@code entry} to the member array, the weights, the ranking and the code counts (not to the grid). */
    void join(Entry entry) {
        entry.slot = members.size();
        members.add(entry);
        weights.set(entry.slot, entry.weight());
        ranked.add(entry);
        codeCounts.merge(entry.program.code(), 1, Integer::sum);
    }

    /** Undoes {@link #join}; the last member moves into the freed slot. */
    void leave(Entry entry) {
        int last = members.size() - 1;
        Entry moved = members.remove(last);
        weights.set(last, 0.0);
        if (moved != entry) {
            members.set(entry.slot, moved);
            moved.slot = entry.slot;
            weights.set(moved.slot, moved.weight());
        }
        entry.slot = -1;
        ranked.remove(entry);
        codeCounts.computeIfPresent(entry.program.code(), (code, count) -> count == 1 ? null : count - 1);
    }

    /** Records {@code entry} as an archived member of this island. */
    void archive(Entry entry) {
        entry.archiveSlot = archived.size();
        archived.add(entry);
    }

    /** Undoes {@link #archive}; the last archived member moves into the freed slot. */
    void unarchive(Entry entry) {
        Entry moved = archived.remove(archived.size() - 1);
        if (moved != entry) {
            archived.set(entry.archiveSlot, moved);
            moved.archiveSlot = entry.archiveSlot;
        }
        entry.archiveSlot = -1;
    }

    /** Whether a member has exactly {@code code}. */
    boolean hasCode(String code) {
        return codeCounts.containsKey(code);
    }

    /** The best member, or {@code null} when empty. */
    Entry best() {
        return ranked.isEmpty() ? null : ranked.first();
    }

    /** A member drawn uniformly; the island must not be empty. */
    Entry uniform(RandomGenerator random) {
        return members.get(random.nextInt(members.size()));
    }

    /** A member drawn with probability proportional to {@link Entry#weight()}; the island must not be empty. */
    Entry weighted(RandomGenerator random) {
        double total = weights.total();
        return members.get(weights.find(random.nextDouble() * total, members.size()));
    }
}
