package dev.openevolve.analysis;

import java.util.Arrays;
import java.util.Objects;

/**
 * Exact DBSCAN with scikit-learn's semantics: {@code Dbscan.fit(x, eps, minSamples)} returns the
 * labels {@code sklearn.cluster.DBSCAN(eps=eps, min_samples=minSamples).fit(x).labels_} returns.
 *
 * <ul>
 *   <li>a point's neighbourhood counts the point itself, and a point at distance exactly
 *       {@code eps} is a neighbour (squared Euclidean distance, summed over the features in
 *       order, compared with {@code eps * eps});</li>
 *   <li>a point with at least {@code minSamples} neighbours is a core point;</li>
 *   <li>clusters are numbered 0, 1, … in the order of their lowest-indexed core point, noise is
 *       {@code -1};</li>
 *   <li>a border point within reach of several clusters joins the lowest-numbered one, as
 *       scikit-learn's depth-first expansion in index order gives it.</li>
 * </ul>
 *
 * <p>A k-d tree indexes the points, so memory stays O(n·d) and neighbourhoods are never
 * materialised; core points are found with early-terminating counts, and the expansion skips
 * tree nodes whose points are all labelled already. Exact ties are decided by the same
 * floating-point sum as scikit-learn's KD-tree; scikit-learn switches to brute force (with a
 * differently rounded distance) for fewer than 12 points or more than 15 features, where a point
 * lying within a rounding error of {@code eps} may be decided differently.
 *
 * <p>Stateless and thread safe; each call works on its own copy of the points.
 */
public final class Dbscan {
    private Dbscan() {
    }

    /**
     * Clusters {@code points} and returns one label per row: the cluster number, or {@code -1}
     * for noise. Identical to scikit-learn's {@code DBSCAN(eps, min_samples).fit(points).labels_}.
     *
     * @param points     n rows of d finite coordinates each (d ≥ 1); zero rows give an empty result
     * @param eps        the neighbourhood radius, finite and greater than 0
     * @param minSamples neighbours (the point included) a core point needs, at least 1
     * @return a new array of n labels
     * @throws IllegalArgumentException naming the row and column of a NaN or infinite value, a
     *                                  ragged row, or the rejected eps or minSamples
     */
    public static int[] fit(double[][] points, double eps, int minSamples) {
        return run(points, eps, minSamples).labels();
    }

    /**
     * Clusters {@code points} like {@link #fit(double[][], double, int)} and also reports which
     * points are core points.
     *
     * @throws IllegalArgumentException as {@link #fit(double[][], double, int)} does
     */
    public static DbscanResult run(double[][] points, double eps, int minSamples) {
        validate(points, eps, minSamples);
        int n = points.length;
        if (n == 0) {
            return new DbscanResult(new int[0], new boolean[0], 0);
        }
        KdTree tree = new KdTree(points);
        double eps2 = eps * eps;
        boolean[] coreByPosition = findCorePoints(tree, eps2, minSamples);
        int[] labelByPosition = new int[n];
        int clusters = new Expansion(tree, eps2, coreByPosition, labelByPosition).run();
        int[] labels = new int[n];
        boolean[] core = new boolean[n];
        for (int p = 0; p < n; p++) {
            int i = tree.index(p);
            labels[i] = labelByPosition[p];
            core[i] = coreByPosition[p];
        }
        return new DbscanResult(labels, core, clusters);
    }

    private static boolean[] findCorePoints(KdTree tree, double eps2, int minSamples) {
        boolean[] core = new boolean[tree.n];
        for (int leaf = tree.firstLeaf; leaf < tree.nodeCount; leaf++) {
            int s = tree.start[leaf];
            int e = tree.end[leaf];
            if (e - s >= minSamples && tree.diagonal2(leaf) <= eps2) {
                Arrays.fill(core, s, e, true);
                continue;
            }
            for (int p = s; p < e; p++) {
                core[p] = tree.countWithin(tree.coords, p * tree.dims, eps2, minSamples) >= minSamples;
            }
        }
        return core;
    }

    static void validate(double[][] points, double eps, int minSamples) {
        Objects.requireNonNull(points, "points");
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be finite and greater than 0 but was " + eps);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be at least 1 but was " + minSamples);
        }
        Matrices.requireFinite(points, "points");
    }

    /**
     * Grows clusters from core points in index order, labelling each point once. A cluster's
     * membership does not depend on the order its core points are expanded in, so the core points
     * of one leaf that already carry the current label are expanded together: one tree walk for
     * the union of their eps-balls.
     */
    private static final class Expansion {
        /** Label of a point known to be noise while clusters grow; reported as -1. */
        private static final int NOISE = -2;
        private final KdTree tree;
        private final double eps2;
        private final boolean[] core;
        private final boolean[] expanded;
        private final int[] label;
        private final int[] unlabelled;
        private final int[] leafOf;
        private final int[] group = new int[KdTree.LEAF_SIZE];
        private final double[] groupLower;
        private final double[] groupUpper;
        private int groupSize;
        private int[] stack = new int[64];
        private int stackSize;
        private int cluster;

        Expansion(KdTree tree, double eps2, boolean[] core, int[] label) {
            this.tree = tree;
            this.eps2 = eps2;
            this.core = core;
            this.expanded = new boolean[tree.n];
            this.label = label;
            Arrays.fill(label, -1);
            this.unlabelled = new int[tree.nodeCount];
            for (int node = 0; node < tree.nodeCount; node++) {
                unlabelled[node] = tree.end[node] - tree.start[node];
            }
            this.leafOf = new int[tree.n];
            for (int leaf = tree.firstLeaf; leaf < tree.nodeCount; leaf++) {
                Arrays.fill(leafOf, tree.start[leaf], tree.end[leaf], leaf);
            }
            this.groupLower = new double[tree.dims];
            this.groupUpper = new double[tree.dims];
            settleNoise();
        }

        /**
         * Marks the non-core points with no core point within eps as noise up front ({@link #NOISE}),
         * so the expansion's walks skip them instead of testing them again and again.
         */
        private void settleNoise() {
            int[] coreCount = new int[tree.nodeCount];
            for (int leaf = tree.firstLeaf; leaf < tree.nodeCount; leaf++) {
                for (int p = tree.start[leaf], e = tree.end[leaf]; p < e; p++) {
                    if (core[p]) {
                        coreCount[leaf]++;
                    }
                }
            }
            for (int node = tree.firstLeaf - 1; node >= 0; node--) {
                coreCount[node] = coreCount[2 * node + 1] + coreCount[2 * node + 2];
            }
            for (int p = 0; p < tree.n; p++) {
                if (!core[p] && !hasCoreWithin(0, p * tree.dims, coreCount)) {
                    label[p] = NOISE;
                    settle(p);
                }
            }
        }

        private boolean hasCoreWithin(int node, int qOffset, int[] coreCount) {
            if (coreCount[node] == 0 || tree.minDistance2(node, tree.coords, qOffset) > eps2) {
                return false;
            }
            if (tree.maxDistance2(node, tree.coords, qOffset) <= eps2) {
                return true;
            }
            if (tree.isLeaf(node)) {
                for (int p = tree.start[node], e = tree.end[node]; p < e; p++) {
                    if (core[p] && tree.distance2(p, tree.coords, qOffset) <= eps2) {
                        return true;
                    }
                }
                return false;
            }
            return hasCoreWithin(2 * node + 1, qOffset, coreCount) || hasCoreWithin(2 * node + 2, qOffset, coreCount);
        }

        int run() {
            int[] positionOf = new int[tree.n];
            for (int p = 0; p < tree.n; p++) {
                positionOf[tree.index(p)] = p;
            }
            for (int i = 0; i < tree.n; i++) {
                int seed = positionOf[i];
                if (label[seed] != -1 || !core[seed]) {
                    continue;
                }
                assign(seed);
                while (stackSize > 0) {
                    int c = stack[--stackSize];
                    if (!expanded[c]) {
                        gatherGroup(leafOf[c]);
                        absorb(0);
                    }
                }
                cluster++;
            }
            for (int p = 0; p < tree.n; p++) {
                if (label[p] == NOISE) {
                    label[p] = -1;
                }
            }
            return cluster;
        }

        /** Collects the leaf's labelled, not yet expanded core points of the current cluster and their box. */
        private void gatherGroup(int leaf) {
            groupSize = 0;
            Arrays.fill(groupLower, Double.POSITIVE_INFINITY);
            Arrays.fill(groupUpper, Double.NEGATIVE_INFINITY);
            for (int p = tree.start[leaf], e = tree.end[leaf]; p < e; p++) {
                if (core[p] && label[p] == cluster && !expanded[p]) {
                    expanded[p] = true;
                    group[groupSize++] = p;
                    for (int j = 0, base = p * tree.dims; j < tree.dims; j++) {
                        double v = tree.coords[base + j];
                        groupLower[j] = Math.min(groupLower[j], v);
                        groupUpper[j] = Math.max(groupUpper[j], v);
                    }
                }
            }
        }

        /** Labels every unlabelled point of the node within eps of a core point of the group. */
        private void absorb(int node) {
            if (unlabelled[node] == 0 || tree.minDistance2(node, groupLower, groupUpper) > eps2) {
                return;
            }
            if (coveredByOneMember(node)) {
                absorbAll(node);
            } else if (tree.isLeaf(node)) {
                for (int p = tree.start[node], e = tree.end[node]; p < e; p++) {
                    if (label[p] == -1 && withinReachOfGroup(p)) {
                        assign(p);
                    }
                }
            } else {
                absorb(2 * node + 1);
                absorb(2 * node + 2);
            }
        }

        private boolean coveredByOneMember(int node) {
            for (int g = 0; g < groupSize; g++) {
                if (tree.maxDistance2(node, tree.coords, group[g] * tree.dims) <= eps2) {
                    return true;
                }
            }
            return false;
        }

        private boolean withinReachOfGroup(int p) {
            for (int g = 0; g < groupSize; g++) {
                if (tree.distance2(p, tree.coords, group[g] * tree.dims) <= eps2) {
                    return true;
                }
            }
            return false;
        }

        /** Labels every unlabelled point of a node known to lie within eps. */
        private void absorbAll(int node) {
            if (unlabelled[node] == 0) {
                return;
            }
            if (tree.isLeaf(node)) {
                for (int p = tree.start[node], e = tree.end[node]; p < e; p++) {
                    if (label[p] == -1) {
                        assign(p);
                    }
                }
            } else {
                absorbAll(2 * node + 1);
                absorbAll(2 * node + 2);
            }
        }

        private void assign(int p) {
            label[p] = cluster;
            settle(p);
            if (core[p]) {
                if (stackSize == stack.length) {
                    stack = Arrays.copyOf(stack, Math.min(tree.n, stack.length * 2));
                }
                stack[stackSize++] = p;
            }
        }

        /** Takes position p out of the unlabelled counts of its leaf and the leaf's ancestors. */
        private void settle(int p) {
            for (int node = leafOf[p]; ; node = (node - 1) / 2) {
                unlabelled[node]--;
                if (node == 0) {
                    break;
                }
            }
        }
    }
}
