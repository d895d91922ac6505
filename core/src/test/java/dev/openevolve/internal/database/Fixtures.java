package dev.openevolve.internal.database;

import dev.openevolve.config.ProgramsConfig;
import dev.openevolve.spi.Program;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Programs and configurations for the database tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private Fixtures() {
    }

    /** A program with {@code combined_score = fitness} and code unique to its id. */
    static Program program(String id, int island, double fitness) {
        return program(id, island, Map.of("combined_score", fitness), codeFor(id));
    }

    static Program program(String id, int island, Map<String, Double> metrics, String code) {
        return new Program(id, code, "python", null, 0, 0, island, metrics, Map.of(), "", T0);
    }

    /** Python-looking code that differs per id in several places. */
    static String codeFor(String id) {
        int h = id.hashCode();
        return "# EVOLVE-BLOCK-START\ndef solve_" + id.replaceAll("\\W", "_") + "(xs):\n"
                + "    total = " + (h % 97) + "\n"
                + "    for x in xs:\n        total += x * " + (h % 13) + "\n"
                + "    return total / " + (1 + Math.abs(h % 7)) + "\n# EVOLVE-BLOCK-END\n";
    }

    /** A resolver over the programs a test added, as a store would provide. */
    static Function<String, Optional<Program>> resolver(Map<String, Program> programs) {
        return id -> Optional.ofNullable(programs.get(id));
    }

    static Builder config() {
        return new Builder();
    }

    /** A mutable builder over {@link ProgramsConfig}, starting at OpenEvolve's defaults. */
    static final class Builder {
        int populationSize = 1000;
        int archiveSize = 100;
        int numIslands = 5;
        double eliteSelectionRatio = 0.1;
        double explorationRatio = 0.2;
        double exploitationRatio = 0.7;
        List<String> featureDimensions = List.of("complexity", "diversity");
        int featureBins = 10;
        Map<String, Integer> binsPerDimension = new HashMap<>();
        int migrationInterval = 50;
        double migrationRate = 0.1;
        int numInspirations = 5;

        Builder population(int v) { populationSize = v; return this; }
        Builder archive(int v) { archiveSize = v; return this; }
        Builder islands(int v) { numIslands = v; return this; }
        Builder elite(double v) { eliteSelectionRatio = v; return this; }
        Builder exploration(double v) { explorationRatio = v; return this; }
        Builder exploitation(double v) { exploitationRatio = v; return this; }
        Builder dimensions(String... v) { featureDimensions = List.of(v); return this; }
        Builder bins(int v) { featureBins = v; return this; }
        Builder bins(String dimension, int v) { binsPerDimension.put(dimension, v); return this; }
        Builder interval(int v) { migrationInterval = v; return this; }
        Builder rate(double v) { migrationRate = v; return this; }
        Builder inspirations(int v) { numInspirations = v; return this; }

        ProgramsConfig build() {
            return new ProgramsConfig(populationSize, archiveSize, numIslands, eliteSelectionRatio, explorationRatio,
                    exploitationRatio, featureDimensions, featureBins, binsPerDimension, migrationInterval,
                    migrationRate, numInspirations);
        }
    }
}
