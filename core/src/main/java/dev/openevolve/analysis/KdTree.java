package dev.openevolve.analysis;

/**
 * A static k-d tree over n points in d dimensions, laid out as an implicit complete binary tree
 * (node i has children 2i+1 and 2i+2) whose leaves hold at most {@link #LEAF_SIZE} points.
 * Points are copied into tree order, so a node covers the contiguous positions
 * {@code [start[node], end[node])}; {@link #index(int)} maps a position back to the caller's row.
 * Memory is O(n·d). Not thread safe while building; read-only afterwards.
 *
 * <p>Distances are squared Euclidean, summed over the features in order, exactly as
 * scikit-learn's KD-tree sums them. The node bounds used for pruning are computed with the same
 * operations, and floating-point subtraction, squaring and addition are monotone, so a node's
 * lower bound never exceeds the computed distance of a point inside it and its upper bound never
 * falls below it: pruning and whole-node acceptance give the same answer as checking every point.
 */
final class KdTree {
    static final int LEAF_SIZE = 16;

    final int n;
    final int dims;
    /** Coordinates in tree order: position p occupies {@code [p*dims, (p+1)*dims)}. */
    final double[] coords;
    final int[] start;
    final int[] end;
    /** Per node and dimension: lower bounds at {@code node*dims + j}. */
    final double[] lower;
    final double[] upper;
    final int nodeCount;
    final int firstLeaf;
    private final int[] order;

    KdTree(double[][] points) {
        this.n = points.length;
        this.dims = points[0].length;
        int levels = 1;
        while (((long) LEAF_SIZE << (levels - 1)) < n) {
            levels++;
        }
        this.nodeCount = (1 << levels) - 1;
        this.firstLeaf = (1 << (levels - 1)) - 1;
        this.start = new int[nodeCount];
        this.end = new int[nodeCount];
        this.lower = new double[nodeCount * dims];
        this.upper = new double[nodeCount * dims];
        this.order = new int[n];
        this.coords = new double[n * dims];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            System.arraycopy(points[i], 0, coords, i * dims, dims);
        }
        start[0] = 0;
        end[0] = n;
        for (int node = 0; node < nodeCount; node++) {
            bound(node);
            if (node < firstLeaf) {
                split(node);
            }
        }
    }

    /** The caller's row index of tree position {@code position}. */
    int index(int position) {
        return order[position];
    }

    boolean isLeaf(int node) {
        return node >= firstLeaf;
    }

    /** The leaf whose range holds {@code position}. */
    int leafOf(int position) {
        int node = 0;
        while (node < firstLeaf) {
            int left = 2 * node + 1;
            node = position < end[left] ? left : left + 1;
        }
        return node;
    }

    /** Squared distance between the point at {@code position} and {@code q} at offset {@code qOffset}. */
    double distance2(int position, double[] q, int qOffset) {
        int base = position * dims;
        double sum = 0;
        for (int j = 0; j < dims; j++) {
            double t = q[qOffset + j] - coords[base + j];
            sum += t * t;
        }
        return sum;
    }

    /** Squared distance from {@code q} to the nearest point of the node's box. */
    double minDistance2(int node, double[] q, int qOffset) {
        int base = node * dims;
        double sum = 0;
        for (int j = 0; j < dims; j++) {
            double x = q[qOffset + j];
            double lo = lower[base + j];
            double hi = upper[base + j];
            double t = x < lo ? x - lo : (x > hi ? x - hi : 0.0);
            sum += t * t;
        }
        return sum;
    }

    /** Squared distance from {@code q} to the farthest corner of the node's box. */
    double maxDistance2(int node, double[] q, int qOffset) {
        int base = node * dims;
        double sum = 0;
        for (int j = 0; j < dims; j++) {
            double x = q[qOffset + j];
            double t = Math.max(Math.abs(x - lower[base + j]), Math.abs(x - upper[base + j]));
            sum += t * t;
        }
        return sum;
    }

    /** Squared length of the node box's diagonal: no two of its points are farther apart. */
    double diagonal2(int node) {
        int base = node * dims;
        double sum = 0;
        for (int j = 0; j < dims; j++) {
            double t = upper[base + j] - lower[base + j];
            sum += t * t;
        }
        return sum;
    }

    /** Squared distance between the node's box and the box {@code [lo, hi]}: a lower bound for any pair. */
    double minDistance2(int node, double[] lo, double[] hi) {
        int base = node * dims;
        double sum = 0;
        for (int j = 0; j < dims; j++) {
            double t = lower[base + j] > hi[j] ? lower[base + j] - hi[j]
                    : (lo[j] > upper[base + j] ? lo[j] - upper[base + j] : 0.0);
            sum += t * t;
        }
        return sum;
    }

    /**
     * Counts the points within {@code eps2} (squared) of {@code q}, stopping as soon as the count
     * reaches {@code limit}; the result is then some value at least {@code limit}.
     */
    int countWithin(double[] q, int qOffset, double eps2, int limit) {
        return count(0, q, qOffset, eps2, limit, 0);
    }

    private int count(int node, double[] q, int qOffset, double eps2, int limit, int found) {
        int size = end[node] - start[node];
        if (size == 0 || minDistance2(node, q, qOffset) > eps2) {
            return found;
        }
        if (maxDistance2(node, q, qOffset) <= eps2) {
            return found + size;
        }
        if (isLeaf(node)) {
            for (int p = start[node], e = end[node]; p < e && found < limit; p++) {
                if (distance2(p, q, qOffset) <= eps2) {
                    found++;
                }
            }
            return found;
        }
        int left = 2 * node + 1;
        int right = left + 1;
        int first = left;
        int second = right;
        if (minDistance2(right, q, qOffset) < minDistance2(left, q, qOffset)) {
            first = right;
            second = left;
        }
        found = count(first, q, qOffset, eps2, limit, found);
        return found >= limit ? found : count(second, q, qOffset, eps2, limit, found);
    }

    private void bound(int node) {
        int base = node * dims;
        for (int j = 0; j < dims; j++) {
            lower[base + j] = Double.POSITIVE_INFINITY;
            upper[base + j] = Double.NEGATIVE_INFINITY;
        }
        for (int p = start[node]; p < end[node]; p++) {
            int row = p * dims;
            for (int j = 0; j < dims; j++) {
                double v = coords[row + j];
                if (v < lower[base + j]) {
                    lower[base + j] = v;
                }
                if (v > upper[base + j]) {
                    upper[base + j] = v;
                }
            }
        }
    }

    /** Splits the node's range at its middle along the dimension of largest spread. */
    private void split(int node) {
        int s = start[node];
        int e = end[node];
        int mid = s + (e - s) / 2;
        int left = 2 * node + 1;
        start[left] = s;
        end[left] = mid;
        start[left + 1] = mid;
        end[left + 1] = e;
        if (e - s < 2) {
            return;
        }
        int base = node * dims;
        int axis = 0;
        double spread = -1;
        for (int j = 0; j < dims; j++) {
            double w = upper[base + j] - lower[base + j];
            if (w > spread) {
                spread = w;
                axis = j;
            }
        }
        select(axis, s, e - 1, mid);
    }

    private double at(int position, int axis) {
        return coords[position * dims + axis];
    }

    /** Rearranges positions lo..hi so that position k holds the k-th smallest along axis (Hoare quickselect). */
    private void select(int axis, int lo, int hi, int k) {
        while (lo < hi) {
            int m = lo + (hi - lo) / 2;
            double a = at(lo, axis);
            double b = at(m, axis);
            double c = at(hi, axis);
            double pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (at(i, axis) < pivot) {
                    i++;
                }
                while (at(j, axis) > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private void swap(int i, int j) {
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
        int a = i * dims;
        int b = j * dims;
        for (int d = 0; d < dims; d++) {
            double v = coords[a + d];
            coords[a + d] = coords[b + d];
            coords[b + d] = v;
        }
    }
}
