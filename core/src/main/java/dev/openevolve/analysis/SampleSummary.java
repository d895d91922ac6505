package dev.openevolve.analysis;

import dev.openevolve.spi.PerformanceSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Descriptive statistics of a non-empty set of samples, as patterns report them. */
final class SampleSummary {
    final List<PerformanceSample> samples;
    final double[] durationsMs;
    final double meanMs;
    final double p50Ms;
    final double p95Ms;
    final double successRate;
    final double meanAllocatedBytes;
    final double meanCpuMs;
    final Instant lastSeen;
    /** Components by sample count, most frequent first, ties by name. */
    final List<String> components;
    /** {@code component/operation} names by sample count, most frequent first, ties by name. */
    final List<String> operations;

    SampleSummary(List<PerformanceSample> samples) {
        this.samples = List.copyOf(samples);
        int n = samples.size();
        durationsMs = new double[n];
        int successes = 0;
        double allocated = 0;
        int allocatedCount = 0;
        double cpu = 0;
        int cpuCount = 0;
        Instant last = Instant.MIN;
        Map<String, Integer> componentCounts = new HashMap<>();
        Map<String, Integer> operationCounts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            PerformanceSample s = samples.get(i);
            durationsMs[i] = millis(s.duration());
            if (s.success()) {
                successes++;
            }
            if (s.allocatedBytes() >= 0) {
                allocated += s.allocatedBytes();
                allocatedCount++;
            }
            if (s.cpuNanos() >= 0) {
                cpu += s.cpuNanos() / 1e6;
                cpuCount++;
            }
            Instant end = s.end();
            if (end.isAfter(last)) {
                last = end;
            }
            componentCounts.merge(s.component(), 1, Integer::sum);
            operationCounts.merge(operationName(s), 1, Integer::sum);
        }
        meanMs = Stats.mean(durationsMs);
        double[] sorted = durationsMs.clone();
        java.util.Arrays.sort(sorted);
        p50Ms = Stats.quantileOfSorted(sorted, 0.5);
        p95Ms = Stats.quantileOfSorted(sorted, 0.95);
        successRate = (double) successes / n;
        meanAllocatedBytes = allocatedCount == 0 ? Double.NaN : allocated / allocatedCount;
        meanCpuMs = cpuCount == 0 ? Double.NaN : cpu / cpuCount;
        lastSeen = last;
        components = byCount(componentCounts);
        operations = byCount(operationCounts);
    }

    int size() {
        return samples.size();
    }

    static double millis(Duration d) {
        return d.getSeconds() * 1e3 + d.getNano() / 1e6;
    }

    static String operationName(PerformanceSample s) {
        return s.component() + "/" + s.operation();
    }

    private static List<String> byCount(Map<String, Integer> counts) {
        List<String> names = new ArrayList<>(counts.keySet());
        names.sort(Comparator.<String>comparingInt(counts::get).reversed().thenComparing(Comparator.naturalOrder()));
        return List.copyOf(names);
    }

    /** The statistics every pattern carries; measured-only means are left out when nothing was measured. */
    Map<String, Double> statistics() {
        Map<String, Double> stats = new LinkedHashMap<>();
        stats.put("count", (double) size());
        stats.put("mean_ms", meanMs);
        stats.put("p50_ms", p50Ms);
        stats.put("p95_ms", p95Ms);
        stats.put("success_rate", successRate);
        if (!Double.isNaN(meanAllocatedBytes)) {
            stats.put("mean_allocated_bytes", meanAllocatedBytes);
        }
        if (!Double.isNaN(meanCpuMs)) {
            stats.put("mean_cpu_ms", meanCpuMs);
        }
        return stats;
    }

    /** A short list of names for descriptions: up to three, then "and N more". */
    static String names(List<String> names) {
        if (names.size() <= 3) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
    }
}
