package dev.openevolve.internal.database;

import dev.openevolve.config.ProgramsConfig;
import dev.openevolve.spi.Program;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The MAP-Elites axes: turns a program into grid coordinates. Not thread safe.
 *
 * <p><b>Feature values.</b> A dimension named like one of the program's metrics takes that metric
 * (OpenEvolve's rule: an evaluator may override a built-in). Otherwise {@code complexity} is the
 * code length in characters, {@code score} is the program's fitness and {@code diversity} is the mean estimated Jaccard distance between
 * the program's {@link CodeFingerprint} and a reference set: the first {@value #REFERENCES}
 * distinct fingerprints seen. The reference set is fixed once full, so a diversity value costs
 * {@value #REFERENCES} sketch comparisons and never depends on the population. The very first program
 * has no reference to be compared with: its diversity is unknown, it goes to the middle bin and does
 * not enter the tracked range (otherwise its artificial 0 would pin the range's minimum). Any other
 * dimension the program has no metric for is rejected with an {@link IllegalArgumentException}.
 *
 * <p><b>Scaling to bins.</b> Each dimension tracks the minimum and maximum value seen so far
 * (including the value being placed); a value maps to bin {@code floor((v - min) / (max - min) * bins)},
 * clamped to the last bin, and to the middle bin while the range is a single point. A program's cell
 * is fixed when it is added and never recomputed: ranges only widen, so moving them costs nothing
 * and a cell depends only on the order of additions. The ranges are part of the snapshot.
 */
final class FeatureSpace {
    /** Size of the diversity reference set. */
    static final int REFERENCES = 20;

    static final String COMPLEXITY = "complexity";
    static final String DIVERSITY = "diversity";
    static final String SCORE = "score";

    private final String[] dimensions;
    private final int[] bins;
    private final long[] strides;
    private final double[] min;
    private final double[] max;
    private final boolean[] seen;
    private final List<long[]> references = new ArrayList<>();

    FeatureSpace(ProgramsConfig config) {
        dimensions = config.featureDimensions().toArray(String[]::new);
        bins = new int[dimensions.length];
        strides = new long[dimensions.length];
        long stride = 1;
        for (int d = 0; d < dimensions.length; d++) {
            bins[d] = config.binsFor(dimensions[d]);
            strides[d] = stride;
            stride *= bins[d];
        }
        min = new double[dimensions.length];
        max = new double[dimensions.length];
        seen = new boolean[dimensions.length];
    }

    /** A program's raw feature values, measured without changing this space. */
    record Measurement(double[] values, long[] fingerprint) {
    }

    /**
     * Measures {@code program} without changing any state.
     *
     * @throws IllegalArgumentException when a dimension has no value for the program
     */
    Measurement measure(Program program) {
        double[] values = new double[dimensions.length];
        long[] fingerprint = null;
        for (int d = 0; d < dimensions.length; d++) {
            String dimension = dimensions[d];
            Double metric = program.metrics().get(dimension);
            if (metric != null) {
                if (!Double.isFinite(metric)) {
                    throw new IllegalArgumentException("program '" + program.id() + "' has metric '" + dimension
                            + "' = " + metric + " but feature dimension values must be finite");
                }
                values[d] = metric;
            } else if (COMPLEXITY.equals(dimension)) {
                values[d] = program.code().length();
            } else if (SCORE.equals(dimension)) {
                values[d] = program.fitness();
            } else if (DIVERSITY.equals(dimension)) {
                fingerprint = CodeFingerprint.of(program.code());
                values[d] = distanceToReferences(fingerprint);
            } else {
                throw new IllegalArgumentException("program '" + program.id() + "' lacks metric '" + dimension
                        + "' that feature dimension '" + dimension + "' needs (its metrics are "
                        + program.metrics().keySet().stream().sorted().toList()
                        + "; built-in dimensions are complexity, diversity and score)");
            }
        }
        return new Measurement(values, fingerprint);
    }

    /** Commits a measurement: widens the ranges, extends the reference set, returns the cell coordinates. */
    int[] place(Measurement measurement) {
        double[] values = measurement.values();
        int[] cell = new int[dimensions.length];
        for (int d = 0; d < dimensions.length; d++) {
            double v = values[d];
            if (Double.isNaN(v)) {
                cell[d] = bins[d] / 2;
                continue;
            }
            if (!seen[d]) {
                seen[d] = true;
                min[d] = v;
                max[d] = v;
            } else {
                min[d] = Math.min(min[d], v);
                max[d] = Math.max(max[d], v);
            }
            cell[d] = bin(d, v);
        }
        long[] fingerprint = measurement.fingerprint();
        if (fingerprint != null && references.size() < REFERENCES && !isReference(fingerprint)) {
            references.add(fingerprint);
        }
        return cell;
    }

    /** The key of {@code cell} in an island's grid. */
    long key(int[] cell) {
        long key = 0;
        for (int d = 0; d < cell.length; d++) {
            key += cell[d] * strides[d];
        }
        return key;
    }

    /** A cell near {@code cell}: every coordinate moved by -2..+2 and clamped (OpenEvolve's neighbourhood). */
    int[] neighbour(int[] cell, RandomGenerator random) {
        int[] moved = new int[cell.length];
        for (int d = 0; d < cell.length; d++) {
            moved[d] = Math.max(0, Math.min(bins[d] - 1, cell[d] + random.nextInt(5) - 2));
        }
        return moved;
    }

    /** Why {@code cell} is not a cell of this grid, or {@code null} when it is one. */
    String invalidCell(int[] cell) {
        if (cell == null || cell.length != dimensions.length) {
            return "a cell needs " + dimensions.length + " coordinates but was " + Arrays.toString(cell);
        }
        for (int d = 0; d < cell.length; d++) {
            if (cell[d] < 0 || cell[d] >= bins[d]) {
                return "coordinate " + cell[d] + " of dimension '" + dimensions[d] + "' is outside 0.." + (bins[d] - 1);
            }
        }
        return null;
    }

    List<String> dimensions() {
        return List.of(dimensions);
    }

    List<Integer> bins() {
        return Arrays.stream(bins).boxed().toList();
    }

    /** The tracked range of each dimension seen so far, in dimension order. */
    List<FeatureRange> ranges() {
        List<FeatureRange> ranges = new ArrayList<>();
        for (int d = 0; d < dimensions.length; d++) {
            if (seen[d]) {
                ranges.add(new FeatureRange(dimensions[d], min[d], max[d]));
            }
        }
        return ranges;
    }

    /** Restores a tracked range from a snapshot. */
    void restoreRange(FeatureRange range) {
        int d = List.of(dimensions).indexOf(range.dimension());
        if (d < 0) {
            throw new SnapshotException("snapshot has a feature range for '" + range.dimension()
                    + "', which is not one of the feature dimensions " + List.of(dimensions));
        }
        if (!Double.isFinite(range.min()) || !Double.isFinite(range.max()) || range.min() > range.max()) {
            throw new SnapshotException("snapshot feature range of '" + range.dimension()
                    + "' must be finite with min <= max but was " + range.min() + ".." + range.max());
        }
        seen[d] = true;
        min[d] = range.min();
        max[d] = range.max();
    }

    /** The diversity reference fingerprints, oldest first. */
    List<long[]> references() {
        return references.stream().map(long[]::clone).toList();
    }

    /** Restores a reference fingerprint from a snapshot. */
    void restoreReference(long[] fingerprint) {
        if (!CodeFingerprint.isValid(fingerprint) || references.size() >= REFERENCES) {
            throw new SnapshotException("snapshot diversity references must be at most " + REFERENCES
                    + " sketches of " + CodeFingerprint.SLOTS + " values each");
        }
        references.add(fingerprint.clone());
    }

    private int bin(int d, double v) {
        double width = max[d] - min[d];
        double scaled = width > 0 ? (v - min[d]) / width : 0.5;
        int bin = (int) (scaled * bins[d]);
        return Math.max(0, Math.min(bins[d] - 1, bin));
    }

    /** The mean distance to the references; {@code NaN} (unknown) while there are none. */
    private double distanceToReferences(long[] fingerprint) {
        if (references.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (long[] reference : references) {
            sum += 1.0 - CodeFingerprint.similarity(fingerprint, reference);
        }
        return sum / references.size();
    }

    private boolean isReference(long[] fingerprint) {
        for (long[] reference : references) {
            if (Arrays.equals(reference, fingerprint)) {
                return true;
            }
        }
        return false;
    }

    /** A dimension's tracked value range, as the snapshot stores it. */
    record FeatureRange(String dimension, double min, double max) {
    }
}
