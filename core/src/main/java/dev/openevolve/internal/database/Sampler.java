package dev.openevolve.internal.database;

import dev.openevolve.spi.Program;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Parent and inspiration selection (OpenEvolve's {@code sample_from_island}), {@code O(log n)} per
 * call; every random choice comes from the caller's generator. Stateless.
 *
 * <p><b>Parent.</b> One draw {@code u} in [0, 1): below {@code explorationRatio} a member of the
 * island uniformly; below {@code explorationRatio + exploitationRatio} an archived program, uniformly
 * among the island's archived members, or the whole archive when the island has none; otherwise a
 * member drawn with probability proportional to {@code max(fitness, 0.001)} through the island's
 * {@link WeightTree}. An empty island borrows: the parent is drawn uniformly from the whole database
 * and the inspirations come from the parent's island.
 *
 * <p><b>Inspirations</b> ({@code numInspirations} of them, fewer only when the island has fewer other
 * members): the island's best; then its top {@code max(1, floor(n * eliteSelectionRatio))}; then
 * keepers of grid cells near the parent's cell (up to {@code 3 x} the open slots tries, each coordinate
 * moved by -2..+2); then uniformly drawn members. Never the parent, never twice the same program.
 * Unlike OpenEvolve, the last two steps also run on islands of at most {@code n} programs, so small
 * islands still fill the inspiration list.
 */
final class Sampler {
    private static final int SMALL_ISLAND_MARGIN = 16;

    private Sampler() {
    }

    static ParentSelection sample(Population population, int islandIndex, RandomGenerator random) {
        Island island = population.islands[islandIndex];
        Entry parent;
        if (island.size() == 0) {
            parent = population.uniformAnywhere(random);
            island = population.islands[parent.island];
        } else {
            parent = parent(population, island, random);
        }
        List<Entry> inspirations = inspirations(population, island, parent, random);
        List<Program> programs = new ArrayList<>(inspirations.size());
        for (Entry entry : inspirations) {
            programs.add(entry.program);
        }
        return new ParentSelection(parent.program, programs);
    }

    private static Entry parent(Population population, Island island, RandomGenerator random) {
        double u = random.nextDouble();
        double exploration = population.config.explorationRatio();
        if (u < exploration) {
            return island.uniform(random);
        }
        if (u < exploration + population.config.exploitationRatio()) {
            return island.archived.isEmpty()
                    ? population.uniformArchived(random)
                    : island.archived.get(random.nextInt(island.archived.size()));
        }
        return island.weighted(random);
    }

    private static List<Entry> inspirations(Population population, Island island, Entry parent,
                                            RandomGenerator random) {
        int n = population.config.numInspirations();
        List<Entry> chosen = new ArrayList<>(n);
        if (n == 0) {
            return chosen;
        }
        offer(chosen, island.best(), parent, n);
        int elites = Math.max(1, (int) (n * population.config.eliteSelectionRatio()));
        int seen = 0;
        for (Entry entry : island.ranked) {
            if (seen++ == elites || chosen.size() == n) {
                break;
            }
            offer(chosen, entry, parent, n);
        }
        FeatureSpace features = population.features;
        for (int tries = 3 * (n - chosen.size()); tries > 0 && chosen.size() < n; tries--) {
            offer(chosen, island.cells.get(features.key(features.neighbour(parent.cell, random))), parent, n);
        }
        fillRandomly(chosen, island, parent, n, random);
        return chosen;
    }

    private static void fillRandomly(List<Entry> chosen, Island island, Entry parent, int n, RandomGenerator random) {
        int others = island.size() - (parent.island == island.index ? 1 : 0) - chosen.size();
        int needed = Math.min(n - chosen.size(), others);
        if (needed <= 0) {
            return;
        }
        if (island.size() <= 4 * (n + 1) + SMALL_ISLAND_MARGIN) {
            List<Entry> candidates = new ArrayList<>(island.size());
            for (Entry entry : island.members) {
                if (entry != parent && !chosen.contains(entry)) {
                    candidates.add(entry);
                }
            }
            for (int i = 0; i < needed; i++) {
                int pick = i + random.nextInt(candidates.size() - i);
                Entry picked = candidates.get(pick);
                candidates.set(pick, candidates.get(i));
                chosen.add(picked);
            }
        } else {
            // at most n + 1 of the members are excluded, so at least three draws in four succeed
            while (needed > 0) {
                if (offer(chosen, island.uniform(random), parent, n)) {
                    needed--;
                }
            }
        }
    }

    private static boolean offer(List<Entry> chosen, Entry entry, Entry parent, int n) {
        if (entry == null || entry == parent || chosen.size() >= n || chosen.contains(entry)) {
            return false;
        }
        chosen.add(entry);
        return true;
    }
}
