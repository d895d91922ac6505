package dev.openevolve.loop;

import dev.openevolve.spi.PerformanceSample;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Compares the samples of one operation after a deployment with its baseline before it: a one-sided
 * Mann–Whitney U test on latency and a one-sided two-proportion test on failures, each at
 * {@code alpha / 2} (Bonferroni), so that the chance to call an unchanged deployment degraded stays below
 * {@code alpha}. A significant difference alone is not enough to roll back: the median must also have grown by
 * more than {@link LoopSettings#maxLatencyIncrease()}, or the failure rate by more than
 * {@link LoopSettings#maxFailureRateIncrease()}. Stateless and thread safe.
 */
final class DeploymentValidator {
    private final LoopSettings settings;

    /** A validator applying the bounds of {@code settings}. */
    public DeploymentValidator(LoopSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The verdict on {@code fresh} (after the deployment) against {@code baseline} (before it). */
    public Verdict judge(List<PerformanceSample> baseline, List<PerformanceSample> fresh) {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(fresh, "fresh");
        Map<String, String> e = new LinkedHashMap<>();
        e.put("baseline_samples", Integer.toString(baseline.size()));
        e.put("fresh_samples", Integer.toString(fresh.size()));
        e.put("min_samples", Integer.toString(settings.minSamples()));
        if (baseline.size() < settings.minSamples() || fresh.size() < settings.minSamples()) {
            return new Verdict(Verdict.Outcome.INSUFFICIENT_DATA, e);
        }
        double alphaEach = settings.alpha() / 2;
        double[] before = millis(baseline);
        double[] after = millis(fresh);
        double medianBefore = median(before);
        double medianAfter = median(after);
        double ratio = medianBefore > 0 ? medianAfter / medianBefore : (medianAfter > 0 ? Double.POSITIVE_INFINITY : 1);
        RankTests.Result latency = RankTests.mannWhitney(before, after);
        long failedBefore = baseline.stream().filter(s -> !s.success()).count();
        long failedAfter = fresh.stream().filter(s -> !s.success()).count();
        RankTests.Result failures = RankTests.twoProportions(failedBefore, baseline.size(), failedAfter, fresh.size());
        double rateBefore = (double) failedBefore / baseline.size();
        double rateAfter = (double) failedAfter / fresh.size();

        e.put("baseline_median_ms", fmt(medianBefore));
        e.put("fresh_median_ms", fmt(medianAfter));
        e.put("median_ratio", fmt(ratio));
        e.put("speedup", fmt(medianAfter > 0 ? medianBefore / medianAfter : Double.POSITIVE_INFINITY));
        e.put("mann_whitney_u", fmt(latency.statistic()));
        e.put("latency_z", fmt(latency.z()));
        e.put("latency_p_slower", fmt(latency.pGreater()));
        e.put("latency_p_faster", fmt(latency.pLess()));
        e.put("baseline_failure_rate", fmt(rateBefore));
        e.put("fresh_failure_rate", fmt(rateAfter));
        e.put("failure_z", fmt(failures.z()));
        e.put("failure_p_more", fmt(failures.pGreater()));
        e.put("alpha", fmt(settings.alpha()));
        e.put("alpha_per_test", fmt(alphaEach));
        e.put("max_latency_increase", fmt(settings.maxLatencyIncrease()));
        e.put("max_failure_rate_increase", fmt(settings.maxFailureRateIncrease()));

        boolean slower = latency.pGreater() < alphaEach && ratio - 1 > settings.maxLatencyIncrease();
        boolean failing = failures.pGreater() < alphaEach && rateAfter - rateBefore > settings.maxFailureRateIncrease();
        boolean faster = latency.pLess() < alphaEach && ratio < 1;
        Verdict.Outcome outcome;
        if (slower || failing) {
            outcome = Verdict.Outcome.DEGRADED;
            e.put("reason", slower && failing ? "slower and failing more" : slower ? "slower" : "failing more");
        } else if (faster) {
            outcome = Verdict.Outcome.IMPROVED;
            e.put("reason", "faster");
        } else {
            outcome = Verdict.Outcome.NO_CHANGE;
        }
        return new Verdict(outcome, e);
    }

    private static double[] millis(List<PerformanceSample> samples) {
        double[] ms = new double[samples.size()];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = samples.get(i).duration().toNanos() / 1e6;
        }
        return ms;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
