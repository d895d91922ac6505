package dev.openevolve.analysis;

/**
 * Mean silhouette per cluster, noise left out (scikit-learn's {@code silhouette_samples} on the
 * clustered points only), exact up to {@link #MAX_POINTS} clustered points. Beyond that each
 * cluster is represented by an evenly strided subsample proportional to its size (at least two
 * points), so the quadratic cost stays bounded.
 */
final class Silhouette {
    static final int MAX_POINTS = 2000;

    private Silhouette() {
    }

    /**
     * Returns, for each cluster 0..clusterCount-1, the mean silhouette of its (sampled) members in
     * [-1, 1]; 0 for a cluster of one point. With fewer than two clusters every entry is NaN:
     * a silhouette needs a second cluster to compare with.
     */
    static double[] perCluster(double[][] points, int[] labels, int clusterCount) {
        double[] result = new double[clusterCount];
        if (clusterCount < 2) {
            java.util.Arrays.fill(result, Double.NaN);
            return result;
        }
        int[] sizes = new int[clusterCount];
        for (int label : labels) {
            if (label >= 0) {
                sizes[label]++;
            }
        }
        long clustered = 0;
        for (int size : sizes) {
            clustered += size;
        }
        int[][] members = new int[clusterCount][];
        int[] filled = new int[clusterCount];
        int[] seen = new int[clusterCount];
        for (int c = 0; c < clusterCount; c++) {
            int share = clustered <= MAX_POINTS ? sizes[c] : (int) Math.max(2, (long) sizes[c] * MAX_POINTS / clustered);
            members[c] = new int[Math.min(share, sizes[c])];
        }
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            if (c < 0) {
                continue;
            }
            // evenly strided pick of members[c].length out of sizes[c]
            long wanted = (long) (filled[c]) * sizes[c] / members[c].length;
            if (filled[c] < members[c].length && seen[c] == wanted) {
                members[c][filled[c]++] = i;
            }
            seen[c]++;
        }
        double[] meanDistance = new double[clusterCount];
        for (int c = 0; c < clusterCount; c++) {
            double total = 0;
            for (int i : members[c]) {
                for (int other = 0; other < clusterCount; other++) {
                    double sum = 0;
                    for (int j : members[other]) {
                        sum += distance(points[i], points[j]);
                    }
                    int count = other == c ? members[other].length - 1 : members[other].length;
                    meanDistance[other] = count == 0 ? 0 : sum / count;
                }
                if (members[c].length < 2) {
                    continue;
                }
                double a = meanDistance[c];
                double b = Double.POSITIVE_INFINITY;
                for (int other = 0; other < clusterCount; other++) {
                    if (other != c) {
                        b = Math.min(b, meanDistance[other]);
                    }
                }
                double denominator = Math.max(a, b);
                total += denominator == 0 ? 0 : (b - a) / denominator;
            }
            result[c] = total / members[c].length;
        }
        return result;
    }

    private static double distance(double[] x, double[] y) {
        double sum = 0;
        for (int k = 0; k < x.length; k++) {
            double t = x[k] - y[k];
            sum += t * t;
        }
        return Math.sqrt(sum);
    }
}
