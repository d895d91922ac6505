package dev.openevolve.analysis;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/** The textbook O(n²) DBSCAN in scikit-learn's expansion order, as an independent oracle for tests. */
final class BruteForceDbscan {
    private BruteForceDbscan() {
    }

    static int[] fit(double[][] x, double eps, int minSamples) {
        int n = x.length;
        double eps2 = eps * eps;
        boolean[] core = new boolean[n];
        for (int i = 0; i < n; i++) {
            core[i] = neighbours(x, i, eps2).length >= minSamples;
        }
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        int cluster = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] != -1 || !core[i]) {
                continue;
            }
            Deque<Integer> stack = new ArrayDeque<>();
            int current = i;
            while (true) {
                if (labels[current] == -1) {
                    labels[current] = cluster;
                    if (core[current]) {
                        for (int v : neighbours(x, current, eps2)) {
                            if (labels[v] == -1) {
                                stack.push(v);
                            }
                        }
                    }
                }
                if (stack.isEmpty()) {
                    break;
                }
                current = stack.pop();
            }
            cluster++;
        }
        return labels;
    }

    private static int[] neighbours(double[][] x, int i, double eps2) {
        return java.util.stream.IntStream.range(0, x.length).filter(j -> {
            double sum = 0;
            for (int k = 0; k < x[i].length; k++) {
                double t = x[i][k] - x[j][k];
                sum += t * t;
            }
            return sum <= eps2;
        }).toArray();
    }
}
