package dev.openevolve.analysis;

import org.ejml.data.DMatrixRMaj;

/**
 * Standardisation with scikit-learn's {@code StandardScaler} semantics: per column, subtract the
 * mean and divide by the population standard deviation. Means and variances use the corrected
 * two-pass algorithm scikit-learn uses, with compensated sums; a column whose variance is
 * indistinguishable from zero (scikit-learn's {@code _is_constant_feature} bound) gets scale 1, so
 * a constant column becomes all zeros, never NaN.
 *
 * <p>Takes rows as {@code double[][]}; a fit copies them into one EJML row-major matrix. A fitted scaler is
 * immutable and thread safe.
 */
public final class StandardScaler {
    private static final double EPSILON = Math.ulp(1.0);

    private final double[] mean;
    private final double[] variance;
    private final double[] scale;
    private final int samples;

    private StandardScaler(double[] mean, double[] variance, double[] scale, int samples) {
        this.mean = mean;
        this.variance = variance;
        this.scale = scale;
        this.samples = samples;
    }

    /**
     * Fits a scaler to the rows of {@code x}.
     *
     * @throws IllegalArgumentException if {@code x} has no rows, no columns, ragged rows, or a NaN or
     *                                  infinite value (the message names its row and column)
     */
    public static StandardScaler fit(double[][] x) {
        Matrices.requireFinite(x, "x");
        requireRows(x.length);
        return fit(new DMatrixRMaj(x));
    }

    private static StandardScaler fit(DMatrixRMaj x) {
        int n = x.numRows;
        int d = x.numCols;
        double[] data = x.data;
        double[] mean = new double[d];
        double[] variance = new double[d];
        double[] scale = new double[d];
        double[] sum = new double[d];
        double[] compensation = new double[d];
        for (int i = 0; i < n; i++) {
            add(sum, compensation, data, i * d);
        }
        for (int j = 0; j < d; j++) {
            mean[j] = (sum[j] + compensation[j]) / n;
        }
        double[] deviation = new double[d];
        double[] deviationC = new double[d];
        double[] square = new double[d];
        double[] squareC = new double[d];
        double[] t = new double[d];
        double[] t2 = new double[d];
        for (int i = 0; i < n; i++) {
            int base = i * d;
            for (int j = 0; j < d; j++) {
                double v = data[base + j] - mean[j];
                t[j] = v;
                t2[j] = v * v;
            }
            add(deviation, deviationC, t, 0);
            add(square, squareC, t2, 0);
        }
        for (int j = 0; j < d; j++) {
            double correction = deviation[j] + deviationC[j];
            double unnormalised = (square[j] + squareC[j]) - correction * correction / n;
            variance[j] = unnormalised / n;
            double bound = n * EPSILON * variance[j] + Math.pow(n * mean[j] * EPSILON, 2);
            scale[j] = variance[j] <= bound ? 1.0 : Math.sqrt(variance[j]);
        }
        return new StandardScaler(mean, variance, scale, n);
    }

    /** Neumaier-compensated accumulation of row {@code values[offset..]} into {@code sum}. */
    private static void add(double[] sum, double[] compensation, double[] values, int offset) {
        for (int j = 0; j < sum.length; j++) {
            double v = values[offset + j];
            double s = sum[j] + v;
            if (Math.abs(sum[j]) >= Math.abs(v)) {
                compensation[j] += (sum[j] - s) + v;
            } else {
                compensation[j] += (v - s) + sum[j];
            }
            sum[j] = s;
        }
    }

    private static void requireRows(int rows) {
        if (rows == 0) {
            throw new IllegalArgumentException("x must have at least one row but has none");
        }
    }

    /** A copy of the column means (scikit-learn's {@code mean_}). */
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the column population variances (scikit-learn's {@code var_}). */
    public double[] variance() {
        return variance.clone();
    }

    /** A copy of the column scales: standard deviations, 1 for constant columns (scikit-learn's {@code scale_}). */
    public double[] scale() {
        return scale.clone();
    }

    /** The number of columns the scaler was fitted to. */
    public int features() {
        return mean.length;
    }

    /** The number of rows the scaler was fitted to. */
    public int samples() {
        return samples;
    }

    /**
     * Returns new rows holding {@code (x - mean) / scale}, column by column.
     *
     * @throws IllegalArgumentException if a row's length differs from the fitted column count or a
     *                                  value is NaN or infinite (the message names row and column)
     */
    public double[][] transform(double[][] x) {
        Matrices.requireFinite(x, "x");
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            requireColumns(x[i].length);
            double[] row = new double[mean.length];
            for (int j = 0; j < row.length; j++) {
                row[j] = (x[i][j] - mean[j]) / scale[j];
            }
            out[i] = row;
        }
        return out;
    }

    private void requireColumns(int columns) {
        if (columns != mean.length) {
            throw new IllegalArgumentException("x must have " + mean.length
                    + " columns, as the scaler was fitted to, but has " + columns);
        }
    }

    @Override
    public String toString() {
        return "StandardScaler[features=" + mean.length + ", samples=" + samples + "]";
    }
}
