package dev.openevolve.analysis;

import dev.openevolve.spi.PatternType;
import dev.openevolve.spi.PerformanceSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Looks at one operation ({@code component/operation}) at a time, on its successful samples:
 * {@link PatternType#BIMODAL_DURATION} when DBSCAN on the standardised log durations finds two
 * substantial modes far apart, {@link PatternType#LATENCY_REGRESSION} when the latest third of the
 * samples (by start time) is markedly slower than the earliest third.
 */
final class OperationDetector {
    /** A duration mode must hold at least this share of the operation's samples. */
    static final double MIN_MODE_SHARE = 0.1;
    /** The earliest and latest thirds compared for a regression need at least this many calls each. */
    static final int MIN_WINDOW = 3;

    private final AnalysisSettings settings;

    OperationDetector(AnalysisSettings settings) {
        this.settings = settings;
    }

    List<Finding> detect(String operation, List<PerformanceSample> successes) {
        if (successes.size() < settings.minSamples()) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>(2);
        bimodal(operation, successes, findings);
        regression(operation, successes, findings);
        return findings;
    }

    private void bimodal(String operation, List<PerformanceSample> samples, List<Finding> findings) {
        int n = samples.size();
        double[][] scaled = Features.standardise(Features.ofDurations(samples));
        DbscanResult result = Dbscan.run(scaled, settings.eps(), settings.dbscanMinSamples());
        int k = result.clusterCount();
        if (k < 2) {
            return;
        }
        List<List<PerformanceSample>> modes = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            modes.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            if (result.label(i) >= 0) {
                modes.get(result.label(i)).add(samples.get(i));
            }
        }
        double[] silhouette = Silhouette.perCluster(scaled, result.labels(), k);
        List<Integer> substantial = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            if (modes.get(c).size() >= MIN_MODE_SHARE * n) {
                substantial.add(c);
            }
        }
        if (substantial.size() < 2) {
            return;
        }
        substantial.sort(Comparator.<Integer>comparingInt(c -> modes.get(c).size()).reversed().thenComparing(c -> c));
        SampleSummary a = new SampleSummary(modes.get(substantial.get(0)));
        SampleSummary b = new SampleSummary(modes.get(substantial.get(1)));
        SampleSummary fast = a.p50Ms <= b.p50Ms ? a : b;
        SampleSummary slow = fast == a ? b : a;
        double ratio = (slow.p50Ms + 1e-3) / (fast.p50Ms + 1e-3);
        if (ratio < settings.slowdownFactor()) {
            return;
        }
        int first = substantial.get(0);
        int second = substantial.get(1);
        double confidence = (silhouette[first] * modes.get(first).size() + silhouette[second] * modes.get(second).size())
                / (modes.get(first).size() + modes.get(second).size());
        double slowShare = (double) slow.size() / n;
        SampleSummary all = new SampleSummary(samples);
        Map<String, Double> stats = all.statistics();
        stats.put("fast_p50_ms", fast.p50Ms);
        stats.put("slow_p50_ms", slow.p50Ms);
        stats.put("slow_share", slowShare);
        stats.put("cohesion", confidence);
        String description = String.format(Locale.ROOT,
                "%s has two duration modes: %.0f%% of calls take about %.1f ms, %.0f%% about %.1f ms (%.1fx slower)",
                operation, 100.0 * fast.size() / n, fast.p50Ms, 100 * slowShare, slow.p50Ms, ratio);
        findings.add(new Finding(PatternType.BIMODAL_DURATION, "operation=" + operation, description, confidence,
                slowShare * (1 - 1 / ratio), n, all.lastSeen, all.components, stats, all.p50Ms, all.operations));
    }

    private void regression(String operation, List<PerformanceSample> samples, List<Finding> findings) {
        List<PerformanceSample> byStart = new ArrayList<>(samples);
        byStart.sort(Comparator.comparing(PerformanceSample::start));
        if (byStart.get(0).start().equals(byStart.get(byStart.size() - 1).start())) {
            return;
        }
        int third = byStart.size() / 3;
        if (third < MIN_WINDOW) {
            return;
        }
        SampleSummary early = new SampleSummary(byStart.subList(0, third));
        SampleSummary late = new SampleSummary(byStart.subList(byStart.size() - third, byStart.size()));
        double ratio = (late.p50Ms + 1e-3) / (early.p50Ms + 1e-3);
        if (ratio < settings.regressionFactor()) {
            return;
        }
        double superiority = Stats.probabilityOfSuperiority(late.durationsMs, early.durationsMs);
        Map<String, Double> stats = late.statistics();
        stats.put("early_p50_ms", early.p50Ms);
        stats.put("late_p50_ms", late.p50Ms);
        stats.put("slowdown", ratio);
        stats.put("probability_later_slower", superiority);
        String description = String.format(Locale.ROOT,
                "%s got %.1fx slower: p50 %.1f ms in its latest %d calls, %.1f ms in its earliest %d",
                operation, ratio, late.p50Ms, third, early.p50Ms, third);
        findings.add(new Finding(PatternType.LATENCY_REGRESSION, "operation=" + operation, description, superiority,
                1 - 1 / ratio, third, late.lastSeen, late.components, stats, late.p50Ms, late.operations));
    }
}
