package dev.openevolve.internal.database;

/**
 * Sums of non-negative weights over slots {@code 0..n-1}, for weighted random choice in
 * {@code O(log n)}. Every internal node is recomputed as the sum of its two children on each update
 * (never adjusted by a delta), so the sums are a pure function of the current leaves: no floating
 * point drift, and a tree rebuilt from the same leaves draws exactly the same slots. Not thread safe.
 */
final class WeightTree {
    private static final int INITIAL_CAPACITY = 16;

    private int capacity = INITIAL_CAPACITY;
    private double[] nodes = new double[2 * INITIAL_CAPACITY];

    /** Sets the weight of {@code slot}; growing the tree when needed. */
    void set(int slot, double weight) {
        if (slot >= capacity) {
            grow(slot + 1);
        }
        int node = slot + capacity;
        nodes[node] = weight;
        for (node >>>= 1; node >= 1; node >>>= 1) {
            nodes[node] = nodes[2 * node] + nodes[2 * node + 1];
        }
    }

    /** The sum of all weights. */
    double total() {
        return nodes[1];
    }

    /**
     * The slot whose cumulative weight range holds {@code target}, for {@code 0 <= target < total()};
     * clamped to {@code size - 1} when rounding runs past the last occupied slot.
     */
    int find(double target, int size) {
        int node = 1;
        double rest = target;
        while (node < capacity) {
            double left = nodes[2 * node];
            if (rest < left) {
                node = 2 * node;
            } else {
                rest -= left;
                node = 2 * node + 1;
            }
        }
        return Math.min(node - capacity, size - 1);
    }

    private void grow(int needed) {
        int newCapacity = capacity;
        while (newCapacity < needed) {
            newCapacity *= 2;
        }
        double[] grown = new double[2 * newCapacity];
        System.arraycopy(nodes, capacity, grown, newCapacity, capacity);
        for (int node = newCapacity - 1; node >= 1; node--) {
            grown[node] = grown[2 * node] + grown[2 * node + 1];
        }
        nodes = grown;
        capacity = newCapacity;
    }
}
