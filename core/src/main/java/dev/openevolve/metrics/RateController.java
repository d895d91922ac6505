package dev.openevolve.metrics;

/**
 * Estimates the sampler's cost on host threads and, in adaptive mode, chooses the sampling rate that keeps it
 * under the budget.
 *
 * <p>Model: an unsampled operation costs {@link #UNSAMPLED_COST_NANOS} (one random draw and a compare); a sampled
 * one costs {@code C}; operations take {@code D} on average. At rate {@code r} the overhead is
 * {@code (r·C + (1−r)·U) / D}. {@code C} and {@code D} come from probes, a random sub-sample of sampled operations
 * whose bookkeeping is timed: a window whose cost per operation time is higher than the estimate replaces it
 * at once, a lower one is smoothed in. The chosen rate aims at {@value #HEADROOM} of the budget to
 * leave room for noise; it falls at once when the cost rises and at most doubles per window when it falls, and
 * the rate stays within {@code [min(ceiling, MIN_RATE), ceiling]}.
 *
 * <p>Not thread safe: the sampler calls it under its own lock.
 */
final class RateController {
    static final double UNSAMPLED_COST_NANOS = 5;
    static final double HEADROOM = 0.8;
    static final double MIN_RATE = 0.001;
    private static final double SMOOTHING = 0.5;

    private final boolean adaptive;
    private final double ceiling;
    private final double floor;
    private final double budgetPercent;
    private double rate;
    private double costNanos = Double.NaN;
    private double durationNanos = Double.NaN;
    private double overheadPercent = SamplerStats.NO_ESTIMATE;

    RateController(boolean adaptive, double ceiling, double budgetPercent) {
        this.adaptive = adaptive;
        this.ceiling = ceiling;
        this.floor = Math.min(ceiling, MIN_RATE);
        this.budgetPercent = budgetPercent;
        this.rate = ceiling;
    }

    /**
     * Takes one window of observations made at the current rate and returns the rate for the next window.
     *
     * @param probes             probed operations in the window
     * @param probeCostNanos     the sampler's bookkeeping time summed over them
     * @param probeDurationNanos their operations' time summed
     */
    double update(long probes, long probeCostNanos, long probeDurationNanos) {
        if (probes <= 0) {
            return rate;
        }
        double cost = Math.max(0, (double) probeCostNanos / probes);
        double duration = Math.max(1, (double) probeDurationNanos / probes);
        if (Double.isNaN(costNanos) || cost / duration > costNanos / durationNanos) {
            costNanos = cost;
            durationNanos = duration;
        } else {
            costNanos += SMOOTHING * (cost - costNanos);
            durationNanos += SMOOTHING * (duration - durationNanos);
        }
        overheadPercent = overheadPercentAt(rate);
        if (adaptive) {
            rate = choose();
        }
        return rate;
    }

    /** The rate in force. */
    double rate() {
        return rate;
    }

    /** The estimated overhead in percent at the rate of the last window, or {@code -1} before any probe. */
    double overheadPercent() {
        return overheadPercent;
    }

    private double overheadPercentAt(double r) {
        return 100 * (r * costNanos + (1 - r) * UNSAMPLED_COST_NANOS) / durationNanos;
    }

    private double choose() {
        double target = budgetPercent * HEADROOM / 100 * durationNanos;
        double wanted = costNanos <= UNSAMPLED_COST_NANOS
                ? ceiling
                : (target - UNSAMPLED_COST_NANOS) / (costNanos - UNSAMPLED_COST_NANOS);
        wanted = Math.min(wanted, Math.max(2 * rate, floor));
        return Math.max(floor, Math.min(ceiling, wanted));
    }
}
