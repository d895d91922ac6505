package dev.openevolve.internal.database;

import dev.openevolve.config.ProgramsConfig;
import dev.openevolve.spi.Program;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * The database's state and its invariants: every program in one island, the islands' grids, the
 * global ranking, the elite archive and the population cap. Additions and removals are
 * {@code O(log n)} (plus one pass over the added program's code for its fingerprint). Not thread safe:
 * {@link ProgramDatabase} serialises access.
 *
 * <p><b>Cap.</b> When the population exceeds {@code populationSize}, the worst program is evicted that
 * is not protected, where protected means: in the archive (which always holds the global best), the
 * best of its island, or the program being added. Programs that keep no grid cell go first, worst
 * first; only when none is left does the worst unprotected cell keeper go (OpenEvolve's order). The
 * configuration check ({@code populationSize > archiveSize + numIslands}) guarantees a candidate.
 */
final class Population {
    final ProgramsConfig config;
    final FeatureSpace features;
    final Island[] islands;
    final Archive archive;
    /** All programs, best first. */
    final TreeSet<Entry> ranked = new TreeSet<>(Entry.BEST_FIRST);
    long lastMigrationGeneration;

    private final Map<String, Entry> byId = new HashMap<>();
    /** Programs that keep no grid cell, best first; the cap evicts from its end. */
    private final TreeSet<Entry> homeless = new TreeSet<>(Entry.BEST_FIRST);

    Population(ProgramsConfig config) {
        this.config = config;
        this.features = new FeatureSpace(config);
        this.islands = new Island[config.numIslands()];
        for (int i = 0; i < islands.length; i++) {
            islands[i] = new Island(i);
        }
        this.archive = new Archive(config.archiveSize(), islands);
    }

    int size() {
        return byId.size();
    }

    Entry get(String id) {
        return byId.get(id);
    }

    /**
     * Adds (or replaces) {@code program}: grid placement, archive, cap. Validates everything before
     * changing anything, so a rejected program leaves the database as it was.
     */
    Entry add(Program program, String origin) {
        double fitness = ProgramRules.checkProgram(program, islands.length);
        FeatureSpace.Measurement measurement = features.measure(program);
        Entry previous = byId.get(program.id());
        if (previous != null) {
            remove(previous);
        }
        int[] cell = features.place(measurement);
        Entry entry = new Entry(program, fitness, cell, features.key(cell), origin);
        insert(entry);
        Island island = islands[entry.island];
        Entry keeper = island.cells.get(entry.cellKey);
        if (keeper == null) {
            own(island, entry);
        } else if (entry.fitness > keeper.fitness) {
            keeper.owner = false;
            homeless.add(keeper);
            own(island, entry);
        } else {
            homeless.add(entry);
        }
        archive.offer(entry);
        enforceCap(entry);
        return entry;
    }

    /**
     * Inserts a program from a snapshot with its recorded cell and ownership, without grid placement,
     * archive or cap (the restore runs {@link #finishRestore} afterwards).
     */
    void restore(Program program, double fitness, int[] cell, boolean owner, String origin) {
        if (byId.containsKey(program.id())) {
            throw new SnapshotException("snapshot lists program '" + program.id() + "' twice");
        }
        Entry entry = new Entry(program, fitness, cell, features.key(cell), origin);
        insert(entry);
        Island island = islands[entry.island];
        if (owner) {
            Entry other = island.cells.get(entry.cellKey);
            if (other != null) {
                throw new SnapshotException("snapshot gives cell " + java.util.Arrays.toString(cell) + " of island "
                        + island.index + " to both '" + other.id + "' and '" + entry.id + "'");
            }
            own(island, entry);
        } else {
            homeless.add(entry);
        }
    }

    /** Re-establishes the archive and cap invariants after a restore, under the current configuration. */
    void finishRestore() {
        archive.rebalance(ranked);
        enforceCap(null);
    }

    /** A program drawn uniformly from the whole database, which must not be empty. */
    Entry uniformAnywhere(RandomGenerator random) {
        int pick = random.nextInt(byId.size());
        for (Island island : islands) {
            if (pick < island.size()) {
                return island.members.get(pick);
            }
            pick -= island.size();
        }
        throw new IllegalStateException("island sizes do not add up to the population " + byId.size());
    }

    /** An archived program drawn uniformly from the whole archive, which must not be empty. */
    Entry uniformArchived(RandomGenerator random) {
        int pick = random.nextInt(archive.size());
        for (Island island : islands) {
            if (pick < island.archived.size()) {
                return island.archived.get(pick);
            }
            pick -= island.archived.size();
        }
        throw new IllegalStateException("island archives do not add up to the archive " + archive.size());
    }

    long maxGeneration() {
        long max = 0;
        for (Island island : islands) {
            max = Math.max(max, island.generation);
        }
        return max;
    }

    /**
     * Checks every structural invariant and throws {@link IllegalStateException} naming the first
     * broken one; {@code O(n log n)}, for tests and diagnostics.
     */
    void verify() {
        int members = 0;
        int archived = 0;
        for (Island island : islands) {
            members += island.size();
            archived += island.archived.size();
            check(island.ranked.size() == island.size(), "island " + island.index + " ranking size");
            for (int slot = 0; slot < island.size(); slot++) {
                Entry entry = island.members.get(slot);
                check(entry.slot == slot && entry.island == island.index, "slot of " + entry);
                check(byId.get(entry.id) == entry, "lookup of " + entry);
                check(entry.owner == (island.cells.get(entry.cellKey) == entry), "cell ownership of " + entry);
                check(entry.owner != homeless.contains(entry), "homeless set membership of " + entry);
                check(island.hasCode(entry.program.code()), "code count of " + entry);
            }
            for (Entry keeper : island.cells.values()) {
                check(keeper.owner && byId.get(keeper.id) == keeper, "cell keeper " + keeper);
            }
            for (int slot = 0; slot < island.archived.size(); slot++) {
                Entry entry = island.archived.get(slot);
                check(entry.archived && entry.archiveSlot == slot && entry.island == island.index,
                        "archive slot of " + entry);
            }
        }
        check(members == byId.size() && ranked.size() == byId.size(), "population size " + byId.size());
        check(byId.size() <= config.populationSize(), "population cap");
        check(archived == archive.size() && archive.size() == Math.min(config.archiveSize(), byId.size()),
                "archive size " + archive.size());
        int rank = 0;
        for (Entry entry : ranked) {
            check(entry.archived == (rank++ < config.archiveSize()), "archive is the top of the ranking at " + entry);
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("program database invariant broken: " + what);
        }
    }

    private void insert(Entry entry) {
        byId.put(entry.id, entry);
        ranked.add(entry);
        islands[entry.island].join(entry);
    }

    private void own(Island island, Entry entry) {
        entry.owner = true;
        island.cells.put(entry.cellKey, entry);
    }

    private void remove(Entry entry) {
        byId.remove(entry.id);
        ranked.remove(entry);
        Island island = islands[entry.island];
        if (entry.owner) {
            island.cells.remove(entry.cellKey);
            entry.owner = false;
        } else {
            homeless.remove(entry);
        }
        island.leave(entry);
        archive.removed(entry, ranked);
    }

    private void enforceCap(Entry newcomer) {
        while (byId.size() > config.populationSize()) {
            Entry victim = worstUnprotected(homeless.descendingIterator(), newcomer);
            if (victim == null) {
                victim = worstUnprotected(ranked.descendingIterator(), newcomer);
            }
            if (victim == null) {
                throw new IllegalStateException("every program is protected from eviction; population "
                        + byId.size() + " exceeds populationSize " + config.populationSize());
            }
            remove(victim);
        }
    }

    private Entry worstUnprotected(Iterator<Entry> worstFirst, Entry newcomer) {
        while (worstFirst.hasNext()) {
            Entry candidate = worstFirst.next();
            if (candidate != newcomer && !candidate.archived && islands[candidate.island].best() != candidate) {
                return candidate;
            }
        }
        return null;
    }
}
