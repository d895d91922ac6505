package dev.openevolve.analysis;

import dev.openevolve.spi.PatternType;
import dev.openevolve.spi.PerformanceSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The seed's clustering, with features that mean something: successes and failures are clustered
 * apart (never a standardised 0/1 column), durations, allocations and CPU time on a log scale.
 * Success clusters become {@link PatternType#NORMAL_OPERATION} (the largest, and any not markedly
 * slower or heavier than it) or {@link PatternType#PERFORMANCE_BOTTLENECK}; failure clusters, which
 * also use the start time so that failures close in time group together, become
 * {@link PatternType#FAILURE_CLUSTER}.
 */
final class ClusterDetector {
    private final AnalysisSettings settings;

    ClusterDetector(AnalysisSettings settings) {
        this.settings = settings;
    }

    /**
     * @param samplesPerComponent all samples (successes and failures) per component
     * @param batchSpan           from the earliest start to the latest start of the batch
     */
    List<Finding> detect(List<PerformanceSample> successes, List<PerformanceSample> failures,
                         Map<String, Integer> samplesPerComponent, java.time.Duration batchSpan) {
        List<Finding> findings = new ArrayList<>();
        if (successes.size() >= settings.minSamples()) {
            findings.addAll(successClusters(successes));
        }
        if (failures.size() >= settings.dbscanMinSamples()) {
            findings.addAll(failureClusters(failures, samplesPerComponent, batchSpan));
        }
        return findings;
    }

    private List<Finding> successClusters(List<PerformanceSample> successes) {
        Clustering clustering = cluster(Features.ofSuccesses(successes), successes);
        if (clustering.clusters.isEmpty()) {
            return List.of();
        }
        SampleSummary baseline = clustering.clusters.get(0);
        int baselineIndex = 0;
        for (int c = 1; c < clustering.clusters.size(); c++) {
            if (clustering.clusters.get(c).size() > baseline.size()) {
                baseline = clustering.clusters.get(c);
                baselineIndex = c;
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (int c = 0; c < clustering.clusters.size(); c++) {
            SampleSummary cluster = clustering.clusters.get(c);
            Map<String, Double> stats = cluster.statistics();
            stats.put("cohesion", clustering.confidence[c]);
            Slowdown slowdown = c == baselineIndex ? Slowdown.NONE : Slowdown.of(cluster, baseline);
            if (slowdown.ratio >= settings.slowdownFactor()) {
                stats.put("baseline_p50_ms", baseline.p50Ms);
                stats.put("slowdown", slowdown.ratio);
                String description = String.format(Locale.ROOT,
                        "%d operations in %s run %.1fx %s than normal operation (p50 %.1f ms, p95 %.1f ms; baseline p50 %.1f ms)",
                        cluster.size(), SampleSummary.names(cluster.operations), slowdown.ratio, slowdown.what,
                        cluster.p50Ms, cluster.p95Ms, baseline.p50Ms);
                findings.add(new Finding(PatternType.PERFORMANCE_BOTTLENECK, key(cluster), description,
                        clustering.confidence[c], 1 - 1 / slowdown.ratio, cluster.size(), cluster.lastSeen,
                        cluster.components, stats, cluster.p50Ms, cluster.operations));
            } else {
                String description = String.format(Locale.ROOT,
                        "Normal operation of %s: %d operations, p50 %.1f ms, p95 %.1f ms",
                        SampleSummary.names(cluster.operations), cluster.size(), cluster.p50Ms, cluster.p95Ms);
                findings.add(new Finding(PatternType.NORMAL_OPERATION, key(cluster), description,
                        clustering.confidence[c], 0, cluster.size(), cluster.lastSeen, cluster.components, stats,
                        cluster.p50Ms, cluster.operations));
            }
        }
        return findings;
    }

    private List<Finding> failureClusters(List<PerformanceSample> failures, Map<String, Integer> samplesPerComponent,
                                          java.time.Duration batchSpan) {
        Clustering clustering = cluster(Features.ofFailures(failures, batchSpan), failures);
        List<Finding> findings = new ArrayList<>();
        for (int c = 0; c < clustering.clusters.size(); c++) {
            SampleSummary cluster = clustering.clusters.get(c);
            long involved = 0;
            for (String component : cluster.components) {
                involved += samplesPerComponent.getOrDefault(component, 0);
            }
            double share = (double) cluster.size() / involved;
            Map<String, Double> stats = cluster.statistics();
            stats.put("cohesion", clustering.confidence[c]);
            stats.put("failure_share", share);
            String error = commonError(cluster.samples);
            String description = String.format(Locale.ROOT,
                    "%d failures in %s (%.1f%% of their operations), p50 %.1f ms%s",
                    cluster.size(), SampleSummary.names(cluster.operations), 100 * share, cluster.p50Ms, error);
            findings.add(new Finding(PatternType.FAILURE_CLUSTER, key(cluster), description, clustering.confidence[c],
                    share, cluster.size(), cluster.lastSeen, cluster.components, stats, cluster.p50Ms, cluster.operations));
        }
        return findings;
    }

    private Clustering cluster(Features.Matrix features, List<PerformanceSample> samples) {
        double[][] scaled = Features.standardise(features);
        DbscanResult result = Dbscan.run(scaled, settings.eps(), settings.dbscanMinSamples());
        int k = result.clusterCount();
        List<List<PerformanceSample>> members = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            members.add(new ArrayList<>());
        }
        int clustered = 0;
        for (int i = 0; i < samples.size(); i++) {
            int label = result.label(i);
            if (label >= 0) {
                members.get(label).add(samples.get(i));
                clustered++;
            }
        }
        double[] confidence = Silhouette.perCluster(scaled, result.labels(), k);
        if (k == 1) {
            // nothing to contrast with: the share of the samples the one cluster holds
            confidence[0] = (double) clustered / samples.size();
        }
        List<SampleSummary> clusters = new ArrayList<>();
        for (List<PerformanceSample> m : members) {
            clusters.add(new SampleSummary(m));
        }
        return new Clustering(clusters, confidence);
    }

    /** The identity of a cluster across analyses: the operations it is made of. */
    private static String key(SampleSummary cluster) {
        List<String> operations = new ArrayList<>(cluster.operations);
        operations.sort(Comparator.naturalOrder());
        return "operations=" + String.join(",", operations);
    }

    private static String commonError(List<PerformanceSample> samples) {
        Map<String, Integer> counts = new HashMap<>();
        for (PerformanceSample s : samples) {
            s.error().ifPresent(e -> counts.merge(e, 1, Integer::sum));
        }
        return counts.entrySet().stream()
                .max(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getValue())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(e -> String.format(Locale.ROOT, "; most often \"%s\" (%d of %d)", abbreviate(e.getKey()),
                        e.getValue(), samples.size()))
                .orElse("");
    }

    private static String abbreviate(String message) {
        String oneLine = message.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }

    private record Clustering(List<SampleSummary> clusters, double[] confidence) {
    }

    /** How much slower or heavier a cluster is than the baseline, on its worst measured dimension. */
    private record Slowdown(double ratio, String what) {
        static final Slowdown NONE = new Slowdown(1, "slower");

        static Slowdown of(SampleSummary cluster, SampleSummary baseline) {
            Slowdown worst = new Slowdown(ratio(cluster.p50Ms, baseline.p50Ms, 1e-3), "slower");
            double memory = ratio(cluster.meanAllocatedBytes, baseline.meanAllocatedBytes, 1);
            if (memory > worst.ratio) {
                worst = new Slowdown(memory, "heavier in memory");
            }
            double cpu = ratio(cluster.meanCpuMs, baseline.meanCpuMs, 1e-3);
            if (cpu > worst.ratio) {
                worst = new Slowdown(cpu, "heavier in CPU");
            }
            return worst;
        }

        /** value / base, both shifted by the dimension's resolution so that a zero baseline stays finite. */
        private static double ratio(double value, double base, double resolution) {
            if (Double.isNaN(value) || Double.isNaN(base)) {
                return 1;
            }
            return (value + resolution) / (base + resolution);
        }
    }
}
