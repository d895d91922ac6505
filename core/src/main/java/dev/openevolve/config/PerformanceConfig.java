package dev.openevolve.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the metrics sampler samples the host (the seed's {@code performance} section). Immutable and thread safe.
 * The canonical constructor accepts any value so that loading can report every problem at once; the
 * {@code with…} methods reject a bad argument with an {@link IllegalArgumentException} naming it, and
 * {@link OpenEvolveConfig#validate()} checks the whole tree.
 *
 * @param samplingRate        share of operations sampled, in [0, 1] (seed default 0.1)
 * @param adaptive            adapt the rate to keep the sampler's cost under the budget
 * @param maxOverheadPercent  the sampler's cost budget in percent of host time, in (0, 100]
 * @param batchSize           samples per flushed batch, at least 1
 * @param flushInterval       time between background flushes, positive
 * @param bufferCapacity      samples held at most while the store is slow, at least {@code batchSize};
 *                            overflow is counted and dropped (besides these, each recording thread fills
 *                            one segment: 16 samples at first, at most 256 once it filled one)
 * @param cpuSampleEvery      measure thread CPU time on every n-th sample (0 = never, 1 = always)
 */
public record PerformanceConfig(double samplingRate, boolean adaptive, double maxOverheadPercent, int batchSize,
                                Duration flushInterval, int bufferCapacity, int cpuSampleEvery) {
    public PerformanceConfig {
        Objects.requireNonNull(flushInterval, "flushInterval");
    }

    /** The seed's defaults. */
    public static PerformanceConfig defaults() {
        return new PerformanceConfig(0.1, false, 5.0, 1000, Duration.ofSeconds(60), 65_536, 1024);
    }

    /** A copy with {@code samplingRate} set; in [0, 1]. */
    public PerformanceConfig withSamplingRate(double samplingRate) {
        return checked(new PerformanceConfig(samplingRate, adaptive, maxOverheadPercent, batchSize, flushInterval,
                bufferCapacity, cpuSampleEvery), "sampling_rate", "samplingRate");
    }

    /** A copy with {@code adaptive} set. */
    public PerformanceConfig withAdaptive(boolean adaptive) {
        return new PerformanceConfig(samplingRate, adaptive, maxOverheadPercent, batchSize, flushInterval,
                bufferCapacity, cpuSampleEvery);
    }

    /** A copy with {@code maxOverheadPercent} set; in (0, 100]. */
    public PerformanceConfig withMaxOverheadPercent(double maxOverheadPercent) {
        return checked(new PerformanceConfig(samplingRate, adaptive, maxOverheadPercent, batchSize, flushInterval,
                bufferCapacity, cpuSampleEvery), "max_overhead_percent", "maxOverheadPercent");
    }

    /** A copy with {@code batchSize} set; at least 1. */
    public PerformanceConfig withBatchSize(int batchSize) {
        return checked(new PerformanceConfig(samplingRate, adaptive, maxOverheadPercent, batchSize, flushInterval,
                bufferCapacity, cpuSampleEvery), "batch_size", "batchSize");
    }

    /** A copy with {@code flushInterval} set; positive. */
    public PerformanceConfig withFlushInterval(Duration flushInterval) {
        Objects.requireNonNull(flushInterval, "flushInterval");
        return checked(new PerformanceConfig(samplingRate, adaptive, maxOverheadPercent, batchSize, flushInterval,
                bufferCapacity, cpuSampleEvery), "flush_interval", "flushInterval");
    }

    /** A copy with {@code bufferCapacity} set; at least 1. */
    public PerformanceConfig withBufferCapacity(int bufferCapacity) {
        return checked(new PerformanceConfig(samplingRate, adaptive, maxOverheadPercent, batchSize, flushInterval,
                bufferCapacity, cpuSampleEvery), "buffer_capacity", "bufferCapacity");
    }

    /** A copy with {@code cpuSampleEvery} set; at least 0 (0 = never). */
    public PerformanceConfig withCpuSampleEvery(int cpuSampleEvery) {
        return checked(new PerformanceConfig(samplingRate, adaptive, maxOverheadPercent, batchSize, flushInterval,
                bufferCapacity, cpuSampleEvery), "cpu_sample_every", "cpuSampleEvery");
    }

    /**
     * Checks every rule of this section, the ones relating its values included; keys are named as in YAML
     * ({@code performance.batch_size}).
     *
     * @return this config
     * @throws IllegalArgumentException naming every broken rule, its key and the rejected value
     */
    public PerformanceConfig requireValid() {
        return ConfigValidator.requireValid(this, "performance", (c, p) -> {
            ConfigValidator.performance(c, "performance.", p);
            ConfigValidator.performanceCombined(c, "performance.", p);
        });
    }

    private static PerformanceConfig checked(PerformanceConfig candidate, String key, String argument) {
        return ConfigValidator.checked(candidate, (c, p) -> ConfigValidator.performance(c, "", p), key, argument);
    }
}
