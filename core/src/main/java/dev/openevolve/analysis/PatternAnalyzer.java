package dev.openevolve.analysis;

import dev.openevolve.spi.PerformancePattern;
import dev.openevolve.spi.PerformanceSample;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a batch of performance samples into learned {@link PerformancePattern}s: failure clusters,
 * performance bottlenecks and normal operation (DBSCAN on standardised features, as the seed does,
 * but on features designed not to mislead), latency regressions and bimodal durations per
 * operation, and components out of line with their peers. See {@code docs/analysis.md} for the
 * feature design and every threshold.
 *
 * <p>A batch with fewer than {@link AnalysisSettings#minSamples()} samples yields no patterns, and
 * only patterns with confidence above {@link AnalysisSettings#minConfidence()} are returned.
 * Pattern ids are stable: the same pattern found in a later batch (same type, same components and
 * operations) gets the same id, a name-based UUID.
 *
 * <p>Immutable and thread safe; {@link #analyze(List)} keeps no state between calls.
 */
public final class PatternAnalyzer {
    private static final Logger LOG = LoggerFactory.getLogger(PatternAnalyzer.class);

    private final AnalysisSettings settings;
    private final Clock clock;
    private final ClusterDetector clusters;
    private final OperationDetector operations;
    private final OutlierDetector outliers;

    /**
     * @param settings thresholds and DBSCAN parameters
     * @param clock    decides which samples are too old ({@link AnalysisSettings#maxSampleAge()})
     */
    public PatternAnalyzer(AnalysisSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clusters = new ClusterDetector(settings);
        this.operations = new OperationDetector(settings);
        this.outliers = new OutlierDetector(settings);
    }

    /** An analyser with {@link AnalysisSettings#defaults()} and the system UTC clock. */
    public static PatternAnalyzer withDefaults() {
        return new PatternAnalyzer(AnalysisSettings.defaults(), Clock.systemUTC());
    }

    /** The settings this analyser applies. */
    public AnalysisSettings settings() {
        return settings;
    }

    /**
     * Finds the patterns in {@code samples}. The result is sorted by pattern type, then by frequency
     * (most frequent first), then by id; it is empty for a batch below the minimum size.
     *
     * @throws IllegalArgumentException if an element of {@code samples} is null (the message names its index)
     */
    public List<PerformancePattern> analyze(List<PerformanceSample> samples) {
        Objects.requireNonNull(samples, "samples");
        List<PerformanceSample> recent = recent(samples);
        if (recent.size() < settings.minSamples()) {
            LOG.debug("{} samples, fewer than {}: no patterns", recent.size(), settings.minSamples());
            return List.of();
        }
        List<PerformanceSample> successes = new ArrayList<>();
        List<PerformanceSample> failures = new ArrayList<>();
        Map<String, Integer> perComponent = new HashMap<>();
        Map<String, List<PerformanceSample>> successesByOperation = new TreeMap<>();
        Map<String, List<PerformanceSample>> successesByComponent = new TreeMap<>();
        Instant earliest = Instant.MAX;
        Instant latest = Instant.MIN;
        for (PerformanceSample s : recent) {
            earliest = s.start().isBefore(earliest) ? s.start() : earliest;
            latest = s.start().isAfter(latest) ? s.start() : latest;
            perComponent.merge(s.component(), 1, Integer::sum);
            if (s.success()) {
                successes.add(s);
                successesByOperation.computeIfAbsent(SampleSummary.operationName(s), k -> new ArrayList<>()).add(s);
                successesByComponent.computeIfAbsent(s.component(), k -> new ArrayList<>()).add(s);
            } else {
                failures.add(s);
            }
        }
        List<Finding> findings = new ArrayList<>(clusters.detect(successes, failures, perComponent,
                Duration.between(earliest, latest)));
        successesByOperation.forEach((operation, group) -> findings.addAll(operations.detect(operation, group)));
        findings.addAll(outliers.detect(successesByComponent));

        List<PerformancePattern> patterns = withStableIds(findings.stream()
                .filter(f -> f.confidence() > settings.minConfidence())
                .toList());
        LOG.debug("{} samples: {} candidate patterns, {} kept", recent.size(), findings.size(), patterns.size());
        return patterns;
    }

    private List<PerformanceSample> recent(List<PerformanceSample> samples) {
        Instant cutoff;
        try {
            cutoff = clock.instant().minus(settings.maxSampleAge());
        } catch (DateTimeException | ArithmeticException unlimited) {
            cutoff = Instant.MIN;
        }
        List<PerformanceSample> recent = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            PerformanceSample s = samples.get(i);
            if (s == null) {
                throw new IllegalArgumentException("samples[" + i + "] must not be null");
            }
            if (!s.start().isBefore(cutoff)) {
                recent.add(s);
            }
        }
        return recent;
    }

    /**
     * Gives each finding a name-based UUID from its type and key; findings that share both (say two
     * slow clusters of the same operation) are told apart by their rank in {@link Finding#order()}.
     */
    private static List<PerformancePattern> withStableIds(List<Finding> findings) {
        Map<String, List<Finding>> byIdentity = new TreeMap<>();
        for (Finding f : findings) {
            byIdentity.computeIfAbsent(f.type() + "|" + f.key(), k -> new ArrayList<>()).add(f);
        }
        List<PerformancePattern> patterns = new ArrayList<>(findings.size());
        byIdentity.forEach((identity, group) -> {
            group.sort(Comparator.comparingDouble(Finding::order).thenComparing(Finding::frequency));
            for (int rank = 0; rank < group.size(); rank++) {
                Finding f = group.get(rank);
                String name = "pattern|" + identity + (rank == 0 ? "" : "|" + (rank + 1));
                String id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
                patterns.add(new PerformancePattern(id, f.type(), f.description(), f.confidence(),
                        f.improvementPotential(), f.frequency(), f.lastSeen(), f.components(), f.statistics(),
                        f.operations()));
            }
        });
        patterns.sort(Comparator.comparing(PerformancePattern::type)
                .thenComparing(Comparator.comparingLong(PerformancePattern::frequency).reversed())
                .thenComparing(PerformancePattern::id));
        return List.copyOf(patterns);
    }
}
