package dev.openevolve.analysis;

import dev.openevolve.spi.PatternType;
import dev.openevolve.spi.PerformanceSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link PatternType#COMPONENT_OUTLIER}: a component whose median duration is out of line with its
 * peers. Each component's log median is compared with the median and the median absolute deviation
 * of the other components' log medians (a robust z-score, so one slow component cannot hide
 * itself by inflating the spread); it needs at least three peers with enough samples. Confidence is
 * the probability that one of its calls is slower than a peer's.
 */
final class OutlierDetector {
    static final int MIN_PEERS = 3;
    private static final double MAD_TO_SIGMA = 1.4826;
    private static final double MEAN_AD_TO_SIGMA = 1.2533;

    private final AnalysisSettings settings;

    OutlierDetector(AnalysisSettings settings) {
        this.settings = settings;
    }

    /** @param successesByComponent successful samples per component, in a stable (sorted) order */
    List<Finding> detect(Map<String, List<PerformanceSample>> successesByComponent) {
        List<SampleSummary> components = new ArrayList<>();
        successesByComponent.forEach((name, samples) -> {
            if (samples.size() >= settings.minSamples()) {
                components.add(new SampleSummary(samples));
            }
        });
        if (components.size() < MIN_PEERS + 1) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (SampleSummary candidate : components) {
            List<SampleSummary> peers = new ArrayList<>(components);
            peers.remove(candidate);
            double[] peerLogMedians = peers.stream().mapToDouble(p -> Math.log1p(p.p50Ms)).toArray();
            double centre = Stats.median(peerLogMedians);
            double spread = robustSpread(peerLogMedians, centre);
            double own = Math.log1p(candidate.p50Ms);
            double z = spread > 0 ? (own - centre) / spread : (own > centre ? Double.POSITIVE_INFINITY : 0);
            double peerP50 = Math.expm1(centre);
            double ratio = (candidate.p50Ms + 1e-3) / (peerP50 + 1e-3);
            if (z < settings.outlierZ() || ratio < settings.slowdownFactor()) {
                continue;
            }
            double[] peerDurations = peers.stream().flatMapToDouble(p -> java.util.Arrays.stream(p.durationsMs)).toArray();
            double confidence = Stats.probabilityOfSuperiority(candidate.durationsMs, peerDurations);
            String component = candidate.components.get(0);
            Map<String, Double> stats = candidate.statistics();
            stats.put("peer_p50_ms", peerP50);
            stats.put("slowdown", ratio);
            stats.put("peers", (double) peers.size());
            if (Double.isFinite(z)) {
                stats.put("robust_z", z);
            }
            String description = String.format(Locale.ROOT,
                    "Component %s is out of line with its %d peers: p50 %.1f ms against a peer median of %.1f ms (%.1fx)",
                    component, peers.size(), candidate.p50Ms, peerP50, ratio);
            findings.add(new Finding(PatternType.COMPONENT_OUTLIER, "component=" + component, description, confidence,
                    1 - 1 / ratio, candidate.size(), candidate.lastSeen, List.of(component), stats, candidate.p50Ms,
                    candidate.operations));
        }
        return findings;
    }

    /** MAD scaled to a standard deviation; the mean absolute deviation when more than half the peers agree exactly. */
    private static double robustSpread(double[] values, double centre) {
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - centre);
        }
        double mad = Stats.median(deviations);
        return mad > 0 ? MAD_TO_SIGMA * mad : MEAN_AD_TO_SIGMA * Stats.mean(deviations);
    }
}
