package dev.openevolve.internal.database;

import dev.openevolve.config.ProgramsConfig;
import dev.openevolve.spi.Program;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The MAP-Elites / island program database of an evolution run, after Python OpenEvolve's
 * {@code ProgramDatabase}: every program lives on one island; each island keeps a MAP-Elites grid
 * over the configured feature dimensions; an elite archive holds the {@code archiveSize} best
 * programs overall; a population cap evicts the weakest; islands exchange their best by ring
 * migration. Parents and inspirations are sampled with exploration, exploitation and fitness-weighted
 * choice.
 *
 * <p><b>Rules in brief</b> (details on the package-private classes named):
 * <ul>
 *   <li>Fitness is {@link Program#fitness()}. Programs rank by fitness, ties by id, so every ordering
 *       is total and independent of insertion history.</li>
 *   <li>Features (FeatureSpace): a metric of the dimension's name, else {@code complexity} = code
 *       length and {@code diversity} = mean MinHash distance of the code to a fixed reference set of the
 *       first 20 distinct programs (the very first program, having nothing to compare with, goes to the
 *       middle diversity bin); any other dimension the program lacks a metric for is rejected.
 *       Values are scaled to bins by each dimension's tracked min/max; a program's cell is fixed when
 *       it is added.</li>
 *   <li>A grid cell keeps the strictly fitter program; the other one stays on the island without a
 *       cell.</li>
 *   <li>The cap never evicts an archived program (the archive always holds the global best), the best
 *       of an island, or the program being added; among the rest, programs without a cell go first,
 *       worst first.</li>
 *   <li>Sampling and migration: see {@link #sample} and {@link #migrate}.</li>
 * </ul>
 *
 * <p><b>Cost.</b> {@link #add} and {@link #sample} are {@code O(log n)} (plus one pass over the added
 * code when {@code diversity} is a dimension); {@link #top} is {@code O(k)}; nothing scans the
 * population per call. {@link #migrate} is {@code O(migrants log n)}; {@link #snapshot} is
 * {@code O(n)} and {@link #restore} {@code O(n log n)}.
 *
 * <p><b>Determinism.</b> Results depend only on the configuration, the sequence of calls and the
 * random generators passed to {@link #sample}: no hash-order iteration, no clock, no hidden random
 * source.
 *
 * <p><b>Thread safety.</b> Thread safe: every method runs under one internal lock. A generator passed
 * to {@link #sample} is used only during that call.
 */
public final class ProgramDatabase {
    private final Object lock = new Object();
    private final Population population;

    /**
     * An empty database.
     *
     * @throws IllegalArgumentException listing every setting of {@code config} that breaks a rule
     *                                  (ranges, {@code explorationRatio + exploitationRatio <= 1},
     *                                  {@code populationSize > archiveSize + numIslands}, bins, dimension names)
     */
    public ProgramDatabase(ProgramsConfig config) {
        ProgramRules.checkConfig(config);
        this.population = new Population(config);
    }

    private ProgramDatabase(Population population) {
        this.population = population;
    }

    /**
     * Adds an evaluated program to island {@code program.island()}: MAP-Elites placement, archive
     * update, population cap (never evicting the global best, an island's best or the archive).
     * Re-adding an id replaces the earlier program. A rejected program leaves the database unchanged.
     *
     * @throws IllegalArgumentException when the island is out of range, the program has no metrics,
     *                                  its fitness or a feature metric is not finite, or it lacks the metric
     *                                  of a custom feature dimension
     */
    public void add(Program program) {
        Objects.requireNonNull(program, "program");
        synchronized (lock) {
            population.add(program, program.id());
        }
    }

    /**
     * Parent and inspirations for the next iteration on {@code island}, drawn with {@code random}
     * only. The parent is, with probability {@code explorationRatio}, a uniformly drawn member of the
     * island; with probability {@code exploitationRatio}, a uniformly drawn archived program living on
     * the island (any archived program when none lives there); otherwise a member drawn with weight
     * {@code max(fitness, 0.001)}. Inspirations ({@code numInspirations}, fewer only when the island
     * has fewer other members) are the island's best, its top {@code max(1, n * eliteSelectionRatio)},
     * keepers of grid cells near the parent's, then random members; never the parent, no duplicates.
     * An empty island falls back to a parent drawn uniformly from the whole database, with
     * inspirations from that parent's island.
     *
     * @throws IllegalArgumentException when {@code island} is out of range
     * @throws IllegalStateException    when the database is empty
     */
    public ParentSelection sample(int island, RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        synchronized (lock) {
            ProgramRules.checkIsland(island, population.islands.length);
            if (population.size() == 0) {
                throw new IllegalStateException("cannot sample island " + island
                        + ": the program database is empty; add the initial program first");
            }
            return Sampler.sample(population, island, random);
        }
    }

    /** The best program of the whole database; empty when the database is empty. */
    public Optional<Program> best() {
        synchronized (lock) {
            return population.ranked.isEmpty() ? Optional.empty() : Optional.of(population.ranked.first().program);
        }
    }

    /**
     * The best program of {@code island}; empty when the island is empty.
     *
     * @throws IllegalArgumentException when {@code island} is out of range
     */
    public Optional<Program> best(int island) {
        synchronized (lock) {
            ProgramRules.checkIsland(island, population.islands.length);
            Entry best = population.islands[island].best();
            return best == null ? Optional.empty() : Optional.of(best.program);
        }
    }

    /**
     * The {@code n} best programs of all islands, best first (fewer when the database holds fewer).
     *
     * @throws IllegalArgumentException when {@code n} is negative
     */
    public List<Program> top(int n) {
        ProgramRules.checkCount(n);
        synchronized (lock) {
            return first(population.ranked.iterator(), n);
        }
    }

    /**
     * The {@code n} best programs of {@code island}, best first (fewer when the island holds fewer).
     *
     * @throws IllegalArgumentException when {@code island} is out of range or {@code n} is negative
     */
    public List<Program> top(int island, int n) {
        ProgramRules.checkCount(n);
        synchronized (lock) {
            ProgramRules.checkIsland(island, population.islands.length);
            return first(population.islands[island].ranked.iterator(), n);
        }
    }

    /** The program with {@code id}, if the database holds it. */
    public Optional<Program> get(String id) {
        Objects.requireNonNull(id, "id");
        synchronized (lock) {
            Entry entry = population.get(id);
            return entry == null ? Optional.empty() : Optional.of(entry.program);
        }
    }

    /** The number of programs held, at most {@code populationSize}. */
    public int size() {
        synchronized (lock) {
            return population.size();
        }
    }

    /** The number of islands ({@code numIslands}). */
    public int islandCount() {
        return population.islands.length;
    }

    /**
     * The number of programs on {@code island}.
     *
     * @throws IllegalArgumentException when {@code island} is out of range
     */
    public int islandSize(int island) {
        synchronized (lock) {
            ProgramRules.checkIsland(island, population.islands.length);
            return population.islands[island].size();
        }
    }

    /**
     * Counts one completed iteration on {@code island} (its generation).
     *
     * @throws IllegalArgumentException when {@code island} is out of range
     */
    public void recordIslandIteration(int island) {
        synchronized (lock) {
            ProgramRules.checkIsland(island, population.islands.length);
            population.islands[island].generation++;
        }
    }

    /**
     * Sets every island's generation and the generation of the last migration, as a population brought over from
     * elsewhere (an OpenEvolve checkpoint) had them; islands beyond {@code islandGenerations} keep theirs.
     *
     * @throws IllegalArgumentException when a generation is negative
     */
    public void restoreGenerations(List<Long> islandGenerations, long lastMigrationGeneration) {
        Objects.requireNonNull(islandGenerations, "islandGenerations");
        if (lastMigrationGeneration < 0 || islandGenerations.stream().anyMatch(g -> g == null || g < 0)) {
            throw new IllegalArgumentException("island generations must not be negative but were "
                    + islandGenerations + " and last migration generation " + lastMigrationGeneration);
        }
        synchronized (lock) {
            for (int i = 0; i < Math.min(islandGenerations.size(), population.islands.length); i++) {
                population.islands[i].generation = islandGenerations.get(i);
            }
            population.lastMigrationGeneration = lastMigrationGeneration;
        }
    }

    /**
     * True when the highest island generation is at least {@code migrationInterval} above the
     * generation of the last migration (OpenEvolve's rule).
     */
    public boolean migrationDue() {
        synchronized (lock) {
            return population.maxGeneration() - population.lastMigrationGeneration
                    >= population.config.migrationInterval();
        }
    }

    /**
     * Ring migration: the best {@code migrationRate} share (at least 1 when the rate is above 0) of each
     * island {@code i}, chosen for all islands before any copy is added, is copied to island
     * {@code (i + 1) % n} as {@link Program#migrate} with id {@code origin + "@" + target}, where
     * {@code origin} is the id of the first program of the copy's migration chain (so ids do not grow
     * hop by hop). A copy is skipped when its code already lives on the target or its id is taken.
     * Copies are added like any program (grid, archive, cap). Marks the migration done at the current
     * highest generation, also with a single island, where nothing moves.
     *
     * @return the copies added, in island order then best first, for the caller to persist
     */
    public List<Program> migrate() {
        synchronized (lock) {
            return RingMigration.run(population);
        }
    }

    /**
     * Everything needed to rebuild this database except the programs themselves, as JSON: grid shape,
     * each island's member ids in internal order with their cells, cell ownership and migration
     * origins, the archive, the generations, the last migration, the feature ranges and the diversity
     * reference sketches. {@link #restore} with the same programs gives a database that samples
     * exactly like this one.
     */
    public String snapshot() {
        synchronized (lock) {
            return SnapshotCodec.write(population);
        }
    }

    /**
     * Rebuilds a database from {@link #snapshot()}, resolving each program id through
     * {@code programs}. The number of islands and the grid (dimensions and bins) must match the
     * snapshot; other settings may differ: the archive is then re-fitted to {@code archiveSize} and the
     * population cut to {@code populationSize}.
     *
     * @throws IllegalArgumentException when {@code config} breaks a rule
     * @throws SnapshotException        when the snapshot is malformed, does not fit {@code config}, or
     *                                  names a program {@code programs} cannot resolve (the message names it)
     */
    public static ProgramDatabase restore(ProgramsConfig config, String snapshot,
                                          Function<String, Optional<Program>> programs) {
        ProgramRules.checkConfig(config);
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(programs, "programs");
        return new ProgramDatabase(SnapshotCodec.read(config, snapshot, programs));
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "ProgramDatabase[" + population.size() + " programs on " + population.islands.length
                    + " islands, archive " + population.archive.size() + "]";
        }
    }

    private static List<Program> first(Iterator<Entry> bestFirst, int n) {
        List<Program> programs = new ArrayList<>(Math.min(n, 64));
        while (programs.size() < n && bestFirst.hasNext()) {
            programs.add(bestFirst.next().program);
        }
        return programs;
    }
}
