package dev.openevolve.analysis;

import dev.openevolve.spi.PerformanceSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns samples into clustering features. Durations, allocations and CPU time are heavy-tailed,
 * so they enter as {@code log1p}; allocation and CPU columns are used only when every sample of the
 * set measured them (the sampler measures CPU on every n-th sample only). Success is never a
 * feature: successes and failures are clustered apart. Hour of day is left out: it wraps at
 * midnight and would split one behaviour into clusters by the clock.
 *
 * <p>Columns are standardised as the seed does, but each has a floor under its scale
 * ({@link #standardise}): a homogeneous batch (say one operation with 8 % jitter) would otherwise be
 * stretched until the jitter alone splits it into clusters. Log-scale columns never scale by less
 * than ln 2, so at eps 0.3 values within about 23 % of each other are neighbours; the failure time
 * column never scales by less than a tenth of the batch's time span, nor by less than a minute.
 */
final class Features {
    private Features() {
    }

    /** Smallest scale of a log1p column: a factor of two. */
    static final double LOG_FLOOR = Math.log(2);
    /** Smallest scale of the failure time column, in seconds, whatever the batch's span. */
    static final double TIME_FLOOR_SECONDS = 60;
    /** The failure time column never scales by less than this share of the batch's time span. */
    static final double TIME_FLOOR_SHARE_OF_SPAN = 0.1;

    /** Feature rows and, per column, the floor under its standardisation scale. */
    record Matrix(double[][] rows, double[] floors) {
    }

    /**
     * Standardises the columns with {@link StandardScaler}, dividing each by the larger of its
     * standard deviation and its floor.
     */
    static double[][] standardise(Matrix m) {
        StandardScaler scaler = StandardScaler.fit(m.rows());
        double[] mean = scaler.mean();
        double[] scale = scaler.scale();
        double[] divisor = new double[mean.length];
        for (int j = 0; j < divisor.length; j++) {
            divisor[j] = Math.max(scale[j], m.floors()[j]);
        }
        double[][] out = new double[m.rows().length][];
        for (int i = 0; i < out.length; i++) {
            double[] row = new double[mean.length];
            for (int j = 0; j < row.length; j++) {
                row[j] = (m.rows()[i][j] - mean[j]) / divisor[j];
            }
            out[i] = row;
        }
        return out;
    }

    /** One column: log1p(duration ms). */
    static Matrix ofDurations(List<PerformanceSample> samples) {
        double[][] rows = new double[samples.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {Math.log1p(SampleSummary.millis(samples.get(i).duration()))};
        }
        return new Matrix(rows, new double[] {LOG_FLOOR});
    }

    /** Columns: log1p(duration ms), then log1p(allocated bytes) and log1p(CPU ms) when all measured. */
    static Matrix ofSuccesses(List<PerformanceSample> samples) {
        boolean allocation = samples.stream().allMatch(s -> s.allocatedBytes() >= 0);
        boolean cpu = samples.stream().allMatch(s -> s.cpuNanos() >= 0);
        double[][] rows = new double[samples.size()][];
        for (int i = 0; i < rows.length; i++) {
            PerformanceSample s = samples.get(i);
            List<Double> row = new ArrayList<>(3);
            row.add(Math.log1p(SampleSummary.millis(s.duration())));
            if (allocation) {
                row.add(Math.log1p(s.allocatedBytes()));
            }
            if (cpu) {
                row.add(Math.log1p(s.cpuNanos() / 1e6));
            }
            rows[i] = row.stream().mapToDouble(Double::doubleValue).toArray();
        }
        double[] floors = new double[rows.length == 0 ? 0 : rows[0].length];
        java.util.Arrays.fill(floors, LOG_FLOOR);
        return new Matrix(rows, floors);
    }

    /**
     * Columns: log1p(duration ms) and the start time in seconds since the earliest failure, so that
     * failures alike in cost and close in time form one cluster; {@code batchSpan} is the time the
     * whole batch covers.
     */
    static Matrix ofFailures(List<PerformanceSample> samples, java.time.Duration batchSpan) {
        Instant first = samples.stream().map(PerformanceSample::start).min(Instant::compareTo).orElseThrow();
        double[][] rows = new double[samples.size()][];
        for (int i = 0; i < rows.length; i++) {
            PerformanceSample s = samples.get(i);
            double seconds = SampleSummary.millis(java.time.Duration.between(first, s.start())) / 1e3;
            rows[i] = new double[] {Math.log1p(SampleSummary.millis(s.duration())), seconds};
        }
        double timeFloor = Math.max(TIME_FLOOR_SECONDS, TIME_FLOOR_SHARE_OF_SPAN * SampleSummary.millis(batchSpan) / 1e3);
        return new Matrix(rows, new double[] {LOG_FLOOR, timeFloor});
    }
}
