package dev.openevolve.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the metrics sampler samples the host (the seed's {@code performance} section). Immutable.
 *
 * @param samplingRate        share of operations sampled, in [0, 1] (seed default 0.1)
 * @param adaptive            adapt the rate to keep the sampler's cost under the budget
 * @param maxOverheadPercent  the sampler's cost budget in percent of host time, in (0, 100]
 * @param batchSize           samples per flushed batch, at least 1
 * @param flushInterval       time between background flushes
 * @param bufferCapacity      samples held at most while the store is slow; overflow is counted and dropped
 * @param cpuSampleEvery      measure thread CPU time on every n-th sample (0 = never, 1 = always)
 */
public record PerformanceConfig(double samplingRate, boolean adaptive, double maxOverheadPercent, int batchSize,
                                Duration flushInterval, int bufferCapacity, int cpuSampleEvery) {
    public PerformanceConfig {
        Objects.requireNonNull(flushInterval, "flushInterval");
    }

    /** The seed's defaults. */
    public static PerformanceConfig defaults() {
        return new PerformanceConfig(0.1, false, 5.0, 1000, Duration.ofSeconds(60), 65_536, 16);
    }
}
