package dev.openevolve.config;

import java.util.List;
import java.util.Map;

/**
 * The program database: MAP-Elites grid per island, archive, population cap, sampling ratios
 * and migration (OpenEvolve's {@code database} section). Immutable.
 *
 * @param populationSize        programs kept in all, at least 1; the best is never evicted
 * @param archiveSize           elite archive size, at least 1
 * @param numIslands            islands, at least 1
 * @param eliteSelectionRatio   share of inspirations drawn from the archive's elites, in [0, 1]
 * @param explorationRatio      chance a parent is drawn at random from its island, in [0, 1]
 * @param exploitationRatio     chance a parent is drawn from the archive, in [0, 1]; the rest is fitness-weighted
 * @param featureDimensions     MAP-Elites axes: {@code complexity}, {@code diversity} or any evaluator metric
 * @param featureBins           bins per axis (default for axes not in {@link #binsPerDimension})
 * @param binsPerDimension      bins for named axes
 * @param migrationInterval     island generations between migrations, at least 1
 * @param migrationRate         share of an island's best copied to the next island, in [0, 1]
 * @param numInspirations       inspirations handed to the prompt per parent
 */
public record ProgramsConfig(int populationSize, int archiveSize, int numIslands, double eliteSelectionRatio,
                             double explorationRatio, double exploitationRatio, List<String> featureDimensions,
                             int featureBins, Map<String, Integer> binsPerDimension, int migrationInterval,
                             double migrationRate, int numInspirations) {
    public ProgramsConfig {
        featureDimensions = List.copyOf(featureDimensions);
        binsPerDimension = Map.copyOf(binsPerDimension);
    }

    /** OpenEvolve's defaults. */
    public static ProgramsConfig defaults() {
        return new ProgramsConfig(1000, 100, 5, 0.1, 0.2, 0.7, List.of("complexity", "diversity"), 10, Map.of(),
                50, 0.1, 5);
    }

    /** Bins for {@code dimension}: its own setting or {@link #featureBins}. */
    public int binsFor(String dimension) {
        return binsPerDimension.getOrDefault(dimension, featureBins);
    }
}
