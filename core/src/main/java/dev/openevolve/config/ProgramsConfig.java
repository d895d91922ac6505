package dev.openevolve.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The program database: MAP-Elites grid per island, archive, population cap, sampling ratios
 * and migration (OpenEvolve's {@code database} section; {@code programs} in the native YAML).
 * Immutable and thread safe.
 * The canonical constructor accepts any value so that loading can report every problem at once; the
 * {@code with…} methods reject a bad argument with an {@link IllegalArgumentException} naming it, and
 * {@link OpenEvolveConfig#validate()} checks the whole tree.
 *
 * @param populationSize        programs kept in all, at least 1; the best is never evicted
 * @param archiveSize           elite archive size, at least 1 and at most {@code populationSize}
 * @param numIslands            islands, at least 1
 * @param eliteSelectionRatio   share of inspirations drawn from the archive's elites, in [0, 1]
 * @param explorationRatio      chance a parent is drawn at random from its island, in [0, 1]
 * @param exploitationRatio     chance a parent is drawn from the archive, in [0, 1]; the rest is fitness-weighted;
 *                              {@code explorationRatio + exploitationRatio <= 1}
 * @param featureDimensions     MAP-Elites axes: {@code complexity}, {@code diversity} or any evaluator metric;
 *                              not empty, no repeats
 * @param featureBins           bins per axis (default for axes not in {@link #binsPerDimension}), at least 1
 * @param binsPerDimension      bins for named axes, each at least 1; keys must be feature dimensions
 * @param migrationInterval     island generations between migrations, at least 1
 * @param migrationRate         share of an island's best copied to the next island, in [0, 1]
 * @param numInspirations       inspirations handed to the prompt per parent, at least 0
 * @param noveltyThreshold      novelty rejection (OpenEvolve's {@code similarity_threshold}): an evaluated candidate
 *                              whose code is at least this similar (token-shingle Jaccard, in [0, 1]) to a program of
 *                              its island is not added, unless {@link #noveltyLlm} judges it novel; 0 turns novelty
 *                              rejection off; in [0, 1]
 * @param noveltyLlm            the model name asked whether such a candidate is novel (OpenEvolve's
 *                              {@code novelty_llm}), through the first configured model's endpoint; empty for none, and
 *                              unused when no model endpoint is configured (offline)
 */
public record ProgramsConfig(int populationSize, int archiveSize, int numIslands, double eliteSelectionRatio,
                             double explorationRatio, double exploitationRatio, List<String> featureDimensions,
                             int featureBins, Map<String, Integer> binsPerDimension, int migrationInterval,
                             double migrationRate, int numInspirations, double noveltyThreshold, String noveltyLlm) {
    public ProgramsConfig {
        featureDimensions = List.copyOf(featureDimensions);
        binsPerDimension = Map.copyOf(binsPerDimension);
        java.util.Objects.requireNonNull(noveltyLlm, "noveltyLlm");
    }

    /** A configuration without novelty rejection. */
    public ProgramsConfig(int populationSize, int archiveSize, int numIslands, double eliteSelectionRatio,
                          double explorationRatio, double exploitationRatio, List<String> featureDimensions,
                          int featureBins, Map<String, Integer> binsPerDimension, int migrationInterval,
                          double migrationRate, int numInspirations) {
        this(populationSize, archiveSize, numIslands, eliteSelectionRatio, explorationRatio, exploitationRatio,
                featureDimensions, featureBins, binsPerDimension, migrationInterval, migrationRate, numInspirations, 0,
                "");
    }

    /** Whether novelty rejection is on ({@link #noveltyThreshold} above 0). */
    public boolean noveltyEnabled() {
        return noveltyThreshold > 0;
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

    /** A copy with {@code populationSize} set; at least 1. */
    public ProgramsConfig withPopulationSize(int populationSize) {
        return checked(new ProgramsConfig(populationSize, archiveSize, numIslands, eliteSelectionRatio,
                explorationRatio, exploitationRatio, featureDimensions, featureBins, binsPerDimension,
                migrationInterval, migrationRate, numInspirations, noveltyThreshold, noveltyLlm), "population_size", "populationSize");
    }

    /** A copy with {@code archiveSize} set; at least 1. */
    public ProgramsConfig withArchiveSize(int archiveSize) {
        return checked(new ProgramsConfig(populationSize, archiveSize, numIslands, eliteSelectionRatio,
                explorationRatio, exploitationRatio, featureDimensions, featureBins, binsPerDimension,
                migrationInterval, migrationRate, numInspirations, noveltyThreshold, noveltyLlm), "archive_size", "archiveSize");
    }

    /** A copy with {@code numIslands} set; at least 1. */
    public ProgramsConfig withNumIslands(int numIslands) {
        return checked(new ProgramsConfig(populationSize, archiveSize, numIslands, eliteSelectionRatio,
                explorationRatio, exploitationRatio, featureDimensions, featureBins, binsPerDimension,
                migrationInterval, migrationRate, numInspirations, noveltyThreshold, noveltyLlm), "num_islands", "numIslands");
    }

    /** A copy with {@code eliteSelectionRatio} set; in [0, 1]. */
    public ProgramsConfig withEliteSelectionRatio(double eliteSelectionRatio) {
        return checked(new ProgramsConfig(populationSize, archiveSize, numIslands, eliteSelectionRatio,
                explorationRatio, exploitationRatio, featureDimensions, featureBins, binsPerDimension,
                migrationInterval, migrationRate, numInspirations, noveltyThreshold, noveltyLlm), "elite_selection_ratio", "eliteSelectionRatio");
    }

    /** A copy with {@code explorationRatio} set; in [0, 1]. */
    public ProgramsConfig withExplorationRatio(double explorationRatio) {
        return checked(new ProgramsConfig(populationSize, archiveSize, numIslands, eliteSelectionRatio,
                explorationRatio, exploitationRatio, featureDimensions, featureBins, binsPerDimension,
                migrationInterval, migrationRate, numInspirations, noveltyThreshold, noveltyLlm), "exploration_ratio", "explorationRatio");
    }

    /** A copy with {@code exploitationRatio} set; in [0, 1]. */
    public ProgramsConfig withExploitationRatio(double exploitationRatio) {
        return checked(new ProgramsConfig(populationSize, archiveSize, numIslands, eliteSelectionRatio,
                explorationRatio, exploitationRatio, featureDimensions, featureBins, binsPerDimension,
                migrationInterval, migrationRate, numInspirations, noveltyThreshold, noveltyLlm), "exploitation_ratio", "exploitationRatio");
    }

    /** A copy with {@code featureDimensions} set; not empty, no blank or repeated name. */
    public ProgramsConfig withFeatureDimensions(List<String> featureDimensions) {
        Objects.requireNonNull(featureDimensions, "featureDimensions");
        return checked(new ProgramsConfig(populationSize, archiveSize, numIslands, eliteSelectionRatio,
                explorationRatio, exploitationRatio, featureDimensions, featureBins, binsPerDimension,
                migrationInterval, migrationRate, numInspirations, noveltyThreshold, noveltyLlm), "feature_dimensions", "featureDimensions");
    }

    /** A copy with {@code featureBins} set; at least 1. */
    public ProgramsConfig withFeatureBins(int featureBins) {
        return checked(new ProgramsConfig(populationSize, archiveSize, numIslands, eliteSelectionRatio,
                explorationRatio, exploitationRatio, featureDimensions, featureBins, binsPerDimension,
                migrationInterval, migrationRate, numInspirations, noveltyThreshold, noveltyLlm), "feature_bins", "featureBins");
    }

    /** A copy with {@code binsPerDimension} set; every value at least 1. */
    public ProgramsConfig withBinsPerDimension(Map<String, Integer> binsPerDimension) {
        Objects.requireNonNull(binsPerDimension, "binsPerDimension");
        return checked(new ProgramsConfig(populationSize, archiveSize, numIslands, eliteSelectionRatio,
                explorationRatio, exploitationRatio, featureDimensions, featureBins, binsPerDimension,
                migrationInterval, migrationRate, numInspirations, noveltyThreshold, noveltyLlm), "feature_bins", "binsPerDimension");
    }

    /** A copy with {@code migrationInterval} set; at least 1. */
    public ProgramsConfig withMigrationInterval(int migrationInterval) {
        return checked(new ProgramsConfig(populationSize, archiveSize, numIslands, eliteSelectionRatio,
                explorationRatio, exploitationRatio, featureDimensions, featureBins, binsPerDimension,
                migrationInterval, migrationRate, numInspirations, noveltyThreshold, noveltyLlm), "migration_interval", "migrationInterval");
    }

    /** A copy with {@code migrationRate} set; in [0, 1]. */
    public ProgramsConfig withMigrationRate(double migrationRate) {
        return checked(new ProgramsConfig(populationSize, archiveSize, numIslands, eliteSelectionRatio,
                explorationRatio, exploitationRatio, featureDimensions, featureBins, binsPerDimension,
                migrationInterval, migrationRate, numInspirations, noveltyThreshold, noveltyLlm), "migration_rate", "migrationRate");
    }

    /** A copy with {@code numInspirations} set; at least 0. */
    public ProgramsConfig withNumInspirations(int numInspirations) {
        return checked(new ProgramsConfig(populationSize, archiveSize, numIslands, eliteSelectionRatio,
                explorationRatio, exploitationRatio, featureDimensions, featureBins, binsPerDimension,
                migrationInterval, migrationRate, numInspirations, noveltyThreshold, noveltyLlm), "num_inspirations", "numInspirations");
    }

    /** A copy with novelty rejection set: {@code threshold} in [0, 1] (0 = off), {@code llm} a model name or empty. */
    public ProgramsConfig withNovelty(double threshold, String llm) {
        Objects.requireNonNull(llm, "llm");
        return checked(new ProgramsConfig(populationSize, archiveSize, numIslands, eliteSelectionRatio,
                explorationRatio, exploitationRatio, featureDimensions, featureBins, binsPerDimension,
                migrationInterval, migrationRate, numInspirations, threshold, llm), "novelty_similarity_threshold",
                "threshold");
    }

    private static ProgramsConfig checked(ProgramsConfig candidate, String key, String argument) {
        return ConfigValidator.checked(candidate, (c, p) -> ConfigValidator.programs(c, "", p), key, argument);
    }
}
