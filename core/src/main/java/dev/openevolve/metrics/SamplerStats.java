package dev.openevolve.metrics;

/**
 * The sampler's own metrics at one moment. Immutable; counters are totals since the sampler was created.
 *
 * <p>{@code recorded + dropped} is the number of sampled operations that ended; {@code flushed + buffered} equals
 * {@code recorded}. Samples still buffered after {@link MetricsSampler#close()} (the store stayed down) are lost.
 *
 * @param recorded                  sampled operations that entered the buffer
 * @param dropped                   sampled operations discarded because the buffer was full (or ended after close)
 * @param flushed                   samples the store accepted
 * @param buffered                  samples waiting in the buffer for the store
 * @param flushFailures             failed {@code MetricsStore.append} attempts (their samples stay buffered)
 * @param effectiveRate             the sampling rate in force, in [0, 1]; in adaptive mode the rate it chose
 * @param estimatedOverheadPercent  the sampler's estimated cost on host threads in percent of the measured
 *                                  operations' time, or {@code -1} while there is no estimate yet
 */
public record SamplerStats(long recorded, long dropped, long flushed, long buffered, long flushFailures,
                           double effectiveRate, double estimatedOverheadPercent) {

    /** The value of {@link #estimatedOverheadPercent()} while there is no estimate. */
    public static final double NO_ESTIMATE = -1;

    public SamplerStats {
        requireNotNegative("recorded", recorded);
        requireNotNegative("dropped", dropped);
        requireNotNegative("flushed", flushed);
        requireNotNegative("buffered", buffered);
        requireNotNegative("flushFailures", flushFailures);
        if (!(effectiveRate >= 0 && effectiveRate <= 1)) {
            throw new IllegalArgumentException("effectiveRate must be in [0, 1] but was " + effectiveRate);
        }
        if (!(estimatedOverheadPercent >= 0 || estimatedOverheadPercent == NO_ESTIMATE)) {
            throw new IllegalArgumentException(
                    "estimatedOverheadPercent must be >= 0 or -1 but was " + estimatedOverheadPercent);
        }
    }

    /** Sampled operations that ended: {@code recorded + dropped}. */
    public long sampled() {
        return recorded + dropped;
    }

    /** Whether {@link #estimatedOverheadPercent()} holds an estimate. */
    public boolean hasOverheadEstimate() {
        return estimatedOverheadPercent != NO_ESTIMATE;
    }

    private static void requireNotNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative but was " + value);
        }
    }
}
