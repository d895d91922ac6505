package dev.openevolve.loop;

import java.util.Arrays;

/**
 * The two one-sided tests deployment validation rests on: the Mann–Whitney U test on two samples of values
 * (latencies) and the two-proportion z-test on two failure counts, both with the normal approximation. Stateless
 * and thread safe.
 */
final class RankTests {
    private RankTests() {
    }

    /**
     * The outcome of one two-sample test.
     *
     * @param statistic the test statistic (U of the second sample for Mann–Whitney, the difference of rates for
     *                  the proportion test)
     * @param z         the standardised statistic (0 when the samples cannot be told apart at all)
     * @param pGreater  one-sided p-value of "the second sample is greater than the first"
     * @param pLess     one-sided p-value of "the second sample is less than the first"
     */
    public record Result(double statistic, double z, double pGreater, double pLess) {
    }

    /**
     * Mann–Whitney U test of {@code after} against {@code before}, with average ranks for ties, the tie-corrected
     * variance and a continuity correction of one half. Good from about 20 values per sample.
     *
     * @throws IllegalArgumentException when a sample is empty or holds a NaN
     */
    public static Result mannWhitney(double[] before, double[] after) {
        int n1 = before.length;
        int n2 = after.length;
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException("both samples need values but had " + n1 + " and " + n2);
        }
        int n = n1 + n2;
        double[] values = new double[n];
        int[] fromAfter = new int[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            values[i] = i < n1 ? before[i] : after[i - n1];
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException("samples must not hold NaN (index " + i + ")");
            }
            fromAfter[i] = i < n1 ? 0 : 1;
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double rankSumAfter = 0;
        double tieTerm = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rankSumAfter += rank * fromAfter[order[k]];
            }
            double t = j - i + 1;
            tieTerm += t * t * t - t;
            i = j + 1;
        }
        double u = rankSumAfter - n2 * (n2 + 1) / 2.0;
        double mean = (double) n1 * n2 / 2.0;
        double variance = (double) n1 * n2 / 12.0 * ((n + 1) - tieTerm / ((double) n * (n - 1)));
        if (!(variance > 0)) {
            return new Result(u, 0, 1, 1);
        }
        double sd = Math.sqrt(variance);
        double zGreater = (u - mean - 0.5) / sd;
        double zLess = (u - mean + 0.5) / sd;
        return new Result(u, (u - mean) / sd, upperTail(zGreater), lowerTail(zLess));
    }

    /**
     * Two-proportion z-test (pooled variance, Yates' continuity correction, which keeps the test from
     * rejecting too often when failures are rare) of {@code afterFailures / afterTotal} against
     * {@code beforeFailures / beforeTotal}.
     *
     * @throws IllegalArgumentException when a total is not positive or a count is out of [0, total]
     */
    public static Result twoProportions(long beforeFailures, long beforeTotal, long afterFailures, long afterTotal) {
        requireCount("before", beforeFailures, beforeTotal);
        requireCount("after", afterFailures, afterTotal);
        double p1 = (double) beforeFailures / beforeTotal;
        double p2 = (double) afterFailures / afterTotal;
        double pooled = (double) (beforeFailures + afterFailures) / (beforeTotal + afterTotal);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / beforeTotal + 1.0 / afterTotal));
        if (!(se > 0)) {
            return new Result(p2 - p1, 0, 1, 1);
        }
        double correction = 0.5 * (1.0 / beforeTotal + 1.0 / afterTotal);
        return new Result(p2 - p1, (p2 - p1) / se, upperTail((p2 - p1 - correction) / se),
                lowerTail((p2 - p1 + correction) / se));
    }

    private static void requireCount(String name, long failures, long total) {
        if (total < 1 || failures < 0 || failures > total) {
            throw new IllegalArgumentException(name + ": failures must be in [0, total] and total positive but were "
                    + failures + " of " + total);
        }
    }

    /** P(Z > z) for a standard normal Z. */
    static double upperTail(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    /** P(Z < z) for a standard normal Z. */
    static double lowerTail(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /** The complementary error function, Chebyshev fit with fractional error below 1.2e-7 everywhere. */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
