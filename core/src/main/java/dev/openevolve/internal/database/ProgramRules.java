package dev.openevolve.internal.database;

import dev.openevolve.config.ProgramsConfig;
import dev.openevolve.spi.Program;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Input checks of the program database: its configuration and the programs it is given. Stateless. */
final class ProgramRules {
    /** Smallest weight in fitness-weighted selection, so that programs with fitness at or below zero stay drawable. */
    static final double MIN_WEIGHT = 0.001;
    /** Upper bound of bins per dimension; far beyond any useful grid, low enough that cell keys cannot overflow. */
    static final int MAX_BINS = 1 << 16;

    private ProgramRules() {
    }

    /**
     * Checks {@code config} and reports every broken rule at once.
     *
     * @throws IllegalArgumentException naming each offending setting, its rule and its value
     */
    static void checkConfig(ProgramsConfig config) {
        Objects.requireNonNull(config, "config");
        List<String> errors = new ArrayList<>();
        atLeast(errors, "populationSize", config.populationSize(), 1);
        atLeast(errors, "archiveSize", config.archiveSize(), 1);
        atLeast(errors, "numIslands", config.numIslands(), 1);
        atLeast(errors, "migrationInterval", config.migrationInterval(), 1);
        atLeast(errors, "numInspirations", config.numInspirations(), 0);
        atLeast(errors, "featureBins", config.featureBins(), 1);
        share(errors, "eliteSelectionRatio", config.eliteSelectionRatio());
        share(errors, "explorationRatio", config.explorationRatio());
        share(errors, "exploitationRatio", config.exploitationRatio());
        share(errors, "migrationRate", config.migrationRate());
        if (config.explorationRatio() + config.exploitationRatio() > 1.0) {
            errors.add("explorationRatio + exploitationRatio must not exceed 1 but was " + config.explorationRatio()
                    + " + " + config.exploitationRatio());
        }
        if (config.populationSize() >= 1 && config.archiveSize() >= 1 && config.numIslands() >= 1
                && (long) config.archiveSize() + config.numIslands() >= config.populationSize()) {
            errors.add("populationSize must exceed archiveSize + numIslands (the archive and every island's best are "
                    + "never evicted) but was " + config.populationSize() + " with archiveSize " + config.archiveSize()
                    + " and numIslands " + config.numIslands());
        }
        Set<String> seen = new HashSet<>();
        for (String dimension : config.featureDimensions()) {
            if (dimension == null || dimension.isBlank()) {
                errors.add("featureDimensions must not contain a blank name but was " + config.featureDimensions());
            } else if (!seen.add(dimension)) {
                errors.add("featureDimensions must not repeat a name but '" + dimension + "' appears twice");
            }
        }
        config.binsPerDimension().forEach((dimension, bins) -> {
            if (!config.featureDimensions().contains(dimension)) {
                errors.add("binsPerDimension names '" + dimension + "', which is not one of featureDimensions "
                        + config.featureDimensions());
            }
            if (bins == null || bins < 1 || bins > MAX_BINS) {
                errors.add("binsPerDimension." + dimension + " must be between 1 and " + MAX_BINS + " but was " + bins);
            }
        });
        if (config.featureBins() > MAX_BINS) {
            errors.add("featureBins must be at most " + MAX_BINS + " but was " + config.featureBins());
        }
        if (errors.isEmpty()) {
            checkCellCount(errors, config);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid programs config: " + String.join("; ", errors));
        }
    }

    /**
     * Checks a program offered to the database and returns its fitness.
     *
     * @throws IllegalArgumentException naming the program and the broken rule
     */
    static double checkProgram(Program program, int islands) {
        Objects.requireNonNull(program, "program");
        if (program.island() >= islands) {
            throw new IllegalArgumentException("program '" + program.id() + "' is on island " + program.island()
                    + " but the database has " + islands + " islands (0.." + (islands - 1) + ")");
        }
        if (program.metrics().isEmpty()) {
            throw new IllegalArgumentException("program '" + program.id()
                    + "' has no metrics: the database keeps successfully evaluated programs only");
        }
        double fitness = program.fitness();
        if (!Double.isFinite(fitness)) {
            throw new IllegalArgumentException("program '" + program.id() + "' has fitness " + fitness
                    + ": its metrics must be finite numbers but were " + program.metrics());
        }
        return fitness;
    }

    /** Checks an island index given to a query. */
    static void checkIsland(int island, int islands) {
        if (island < 0 || island >= islands) {
            throw new IllegalArgumentException("island " + island + " is out of range: the database has " + islands
                    + " islands (0.." + (islands - 1) + ")");
        }
    }

    /** Checks a count given to a query. */
    static void checkCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative but was " + n);
        }
    }

    private static void checkCellCount(List<String> errors, ProgramsConfig config) {
        long cells = 1;
        for (String dimension : config.featureDimensions()) {
            int bins = config.binsFor(dimension);
            if (cells > (1L << 62) / bins) {
                errors.add("the MAP-Elites grid must have at most 2^62 cells but featureDimensions "
                        + config.featureDimensions() + " with their bins have more");
                return;
            }
            cells *= bins;
        }
    }

    private static void atLeast(List<String> errors, String key, int value, int min) {
        if (value < min) {
            errors.add(key + " must be at least " + min + " but was " + value);
        }
    }

    private static void share(List<String> errors, String key, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            errors.add(key + " must be between 0 and 1 but was " + value);
        }
    }
}
