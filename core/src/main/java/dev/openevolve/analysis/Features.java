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
 */
final class Features {
    private Features() {
    }

    /** Columns: log1p(duration ms), then log1p(allocated bytes) and log1p(CPU ms) when all measured. */
    static double[][] ofSuccesses(List<PerformanceSample> samples) {
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
        return rows;
    }

    /**
     * Columns: log1p(duration ms) and the start time in seconds since the earliest failure, so that
     * failures alike in cost and close in time form one cluster.
     */
    static double[][] ofFailures(List<PerformanceSample> samples) {
        Instant first = samples.stream().map(PerformanceSample::start).min(Instant::compareTo).orElseThrow();
        double[][] rows = new double[samples.size()][];
        for (int i = 0; i < rows.length; i++) {
            PerformanceSample s = samples.get(i);
            double seconds = SampleSummary.millis(java.time.Duration.between(first, s.start())) / 1e3;
            rows[i] = new double[] {Math.log1p(SampleSummary.millis(s.duration())), seconds};
        }
        return rows;
    }
}
