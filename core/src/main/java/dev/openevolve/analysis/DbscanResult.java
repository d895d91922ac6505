package dev.openevolve.analysis;

import java.util.Arrays;

/**
 * The outcome of {@link Dbscan#run(double[][], double, int)}: one label per point ({@code -1} for
 * noise), which points are core points, and how many clusters there are. Immutable and thread
 * safe; the arrays handed out are copies.
 */
public final class DbscanResult {
    private final int[] labels;
    private final boolean[] core;
    private final int clusterCount;

    DbscanResult(int[] labels, boolean[] core, int clusterCount) {
        this.labels = labels;
        this.core = core;
        this.clusterCount = clusterCount;
    }

    /** A copy of the labels: cluster numbers from 0, {@code -1} for noise; scikit-learn's {@code labels_}. */
    public int[] labels() {
        return labels.clone();
    }

    /** The label of point {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** Whether point {@code i} is a core point. */
    public boolean isCore(int i) {
        return core[i];
    }

    /** A copy of the core mask, one entry per point. */
    public boolean[] coreMask() {
        return core.clone();
    }

    /** The indices of the core points in ascending order; scikit-learn's {@code core_sample_indices_}. */
    public int[] coreSampleIndices() {
        int[] out = new int[labels.length];
        int k = 0;
        for (int i = 0; i < core.length; i++) {
            if (core[i]) {
                out[k++] = i;
            }
        }
        return Arrays.copyOf(out, k);
    }

    /** The number of clusters; labels run from 0 to {@code clusterCount() - 1}. */
    public int clusterCount() {
        return clusterCount;
    }

    /** The number of points labelled noise. */
    public int noiseCount() {
        int count = 0;
        for (int label : labels) {
            if (label == -1) {
                count++;
            }
        }
        return count;
    }

    /** The number of points, core or not. */
    public int size() {
        return labels.length;
    }

    @Override
    public String toString() {
        return "DbscanResult[points=" + labels.length + ", clusters=" + clusterCount + ", noise=" + noiseCount() + "]";
    }
}
