package dev.openevolve.analysis;

import java.util.Arrays;

/** Small order statistics on arrays; inputs are never modified. */
final class Stats {
    private Stats() {
    }

    /** The q-quantile (q in [0, 1]) with linear interpolation, numpy's default; {@code values} non-empty. */
    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return quantileOfSorted(sorted, q);
    }

    static double quantileOfSorted(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(low + 1, sorted.length - 1);
        double fraction = position - low;
        return sorted[low] + (sorted[high] - sorted[low]) * fraction;
    }

    static double median(double[] values) {
        return quantile(values, 0.5);
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /**
     * The probability that a value drawn from {@code a} exceeds one drawn from {@code b}, ties
     * counting half: the Mann-Whitney U statistic of {@code a} divided by {@code |a|·|b|}.
     */
    static double probabilityOfSuperiority(double[] a, double[] b) {
        int n = a.length + b.length;
        double[] values = new double[n];
        boolean[] fromA = new boolean[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            values[i] = i < a.length ? a[i] : b[i - a.length];
            fromA[i] = i < a.length;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        double rankSumA = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (fromA[order[k]]) {
                    rankSumA += rank;
                }
            }
            i = j + 1;
        }
        double u = rankSumA - a.length * (a.length + 1) / 2.0;
        return u / ((double) a.length * b.length);
    }
}
