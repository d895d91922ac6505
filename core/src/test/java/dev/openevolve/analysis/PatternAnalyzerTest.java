package dev.openevolve.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.openevolve.spi.PatternType;
import dev.openevolve.spi.PerformancePattern;
import dev.openevolve.spi.PerformanceSample;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PatternAnalyzerTest {
    private static final Clock CLOCK = Clock.fixed(SampleGenerator.T0.plus(Duration.ofHours(2)), ZoneOffset.UTC);
    private final PatternAnalyzer analyzer = new PatternAnalyzer(AnalysisSettings.defaults(), CLOCK);

    private static List<PerformancePattern> ofType(List<PerformancePattern> patterns, PatternType type) {
        return patterns.stream().filter(p -> p.type() == type).toList();
    }

    @Test
    void fewerThanMinSamplesGiveNoPatterns() {
        List<PerformanceSample> nine = new SampleGenerator(1).ok("api", "get", 9, 10).build();

        assertThat(analyzer.analyze(nine)).isEmpty();
        assertThat(analyzer.analyze(List.of())).isEmpty();
    }

    @Test
    void aMarkedlySlowerClusterIsABottleneckAndTheBulkIsNormalOperation() {
        List<PerformanceSample> batch = new SampleGenerator(2).ok("api", "get", 300, 10).ok("db", "query", 60, 200).build();

        List<PerformancePattern> patterns = analyzer.analyze(batch);

        PerformancePattern normal = ofType(patterns, PatternType.NORMAL_OPERATION).get(0);
        assertThat(normal.components()).containsExactly("api");
        assertThat(normal.frequency()).isGreaterThan(250);
        assertThat(normal.improvementPotential()).isZero();
        PerformancePattern bottleneck = ofType(patterns, PatternType.PERFORMANCE_BOTTLENECK).get(0);
        assertThat(bottleneck.components()).containsExactly("db");
        assertThat(bottleneck.statistics().get("p50_ms")).isCloseTo(200, within(20.0));
        assertThat(bottleneck.statistics().get("slowdown")).isCloseTo(20, within(3.0));
        assertThat(bottleneck.improvementPotential()).isCloseTo(0.95, within(0.01));
        assertThat(bottleneck.description()).contains("db/query").contains("slower than normal operation");
        assertThat(patterns).allSatisfy(p -> assertThat(p.confidence()).isGreaterThan(0.7));
        assertThat(ofType(patterns, PatternType.BIMODAL_DURATION)).isEmpty();
        assertThat(ofType(patterns, PatternType.LATENCY_REGRESSION)).isEmpty();
    }

    @Test
    void failuresAlikeInCostAndTimeFormAFailureClusterWithTheirCommonError() {
        List<PerformanceSample> batch = new SampleGenerator(3)
                .ok("api", "get", 200, 10)
                .ok("payments", "charge", 70, 40)
                .failing("payments", "charge", 30, 30_000, "timeout after 30s", SampleGenerator.T0.plusSeconds(600),
                        Duration.ofMinutes(2))
                .build();

        List<PerformancePattern> failures = ofType(analyzer.analyze(batch), PatternType.FAILURE_CLUSTER);

        assertThat(failures).hasSize(1);
        PerformancePattern cluster = failures.get(0);
        assertThat(cluster.components()).containsExactly("payments");
        assertThat(cluster.frequency()).isEqualTo(30);
        assertThat(cluster.improvementPotential()).isCloseTo(0.3, within(1e-9));
        assertThat(cluster.statistics()).containsEntry("success_rate", 0.0);
        assertThat(cluster.description()).contains("30 failures in payments/charge").contains("\"timeout after 30s\" (30 of 30)");
        assertThat(cluster.confidence()).isEqualTo(1.0);
    }

    @Test
    void failuresFarApartInTimeAreSeparateClusters() {
        List<PerformanceSample> batch = new SampleGenerator(4)
                .ok("api", "get", 100, 10)
                .failing("api", "get", 20, 5, "refused", SampleGenerator.T0, Duration.ofSeconds(30))
                .failing("api", "get", 20, 5, "refused", SampleGenerator.T0.plus(Duration.ofHours(1)), Duration.ofSeconds(30))
                .build();

        List<PerformancePattern> failures = ofType(analyzer.analyze(batch), PatternType.FAILURE_CLUSTER);

        assertThat(failures).hasSize(2);
        assertThat(failures).extracting(PerformancePattern::id).doesNotHaveDuplicates();
        assertThat(failures).allSatisfy(f -> assertThat(f.frequency()).isEqualTo(20));
    }

    @Test
    void twoDistantDurationModesOfOneOperationAreBimodal() {
        List<PerformanceSample> batch = new SampleGenerator(5).ok("cache", "get", 140, 1).ok("cache", "get", 60, 50).build();

        List<PerformancePattern> bimodal = ofType(analyzer.analyze(batch), PatternType.BIMODAL_DURATION);

        assertThat(bimodal).hasSize(1);
        Map<String, Double> stats = bimodal.get(0).statistics();
        assertThat(stats.get("slow_share")).isCloseTo(0.3, within(0.02));
        assertThat(stats.get("fast_p50_ms")).isCloseTo(1, within(0.1));
        assertThat(stats.get("slow_p50_ms")).isCloseTo(50, within(5.0));
        assertThat(bimodal.get(0).frequency()).isEqualTo(200);
        assertThat(bimodal.get(0).description()).startsWith("cache/get has two duration modes");
    }

    @Test
    void anOperationThatGotSlowerOverTimeIsALatencyRegression() {
        List<PerformanceSample> batch = new SampleGenerator(6).drifting("search", "query", 300, 20, 35).build();

        List<PerformancePattern> patterns = analyzer.analyze(batch);

        List<PerformancePattern> regressions = ofType(patterns, PatternType.LATENCY_REGRESSION);
        assertThat(regressions).hasSize(1);
        PerformancePattern regression = regressions.get(0);
        assertThat(regression.statistics().get("early_p50_ms")).isCloseTo(20, within(2.0));
        assertThat(regression.statistics().get("late_p50_ms")).isCloseTo(35, within(3.0));
        assertThat(regression.confidence()).isGreaterThan(0.95);
        assertThat(regression.frequency()).isEqualTo(100);
        assertThat(regression.lastSeen()).isAfter(SampleGenerator.T0.plus(Duration.ofMinutes(59)));
        assertThat(ofType(patterns, PatternType.BIMODAL_DURATION)).isEmpty();
    }

    @Test
    void aSteadyOperationIsNoRegression() {
        List<PerformanceSample> batch = new SampleGenerator(7).drifting("search", "query", 300, 20, 20).build();

        assertThat(ofType(analyzer.analyze(batch), PatternType.LATENCY_REGRESSION)).isEmpty();
    }

    @Test
    void aComponentFarSlowerThanItsPeersIsAnOutlier() {
        SampleGenerator generator = new SampleGenerator(8);
        double[] medians = {10, 12, 9, 11, 13};
        for (int c = 0; c < medians.length; c++) {
            generator.ok("service" + c, "handle", 50, medians[c]);
        }
        List<PerformanceSample> batch = generator.ok("legacy", "handle", 50, 80).build();

        List<PerformancePattern> outliers = ofType(analyzer.analyze(batch), PatternType.COMPONENT_OUTLIER);

        assertThat(outliers).hasSize(1);
        assertThat(outliers.get(0).components()).containsExactly("legacy");
        assertThat(outliers.get(0).confidence()).isEqualTo(1.0);
        assertThat(outliers.get(0).statistics().get("peer_p50_ms")).isCloseTo(11, within(1.5));
        assertThat(outliers.get(0).statistics()).containsEntry("peers", 5.0);
    }

    @Test
    void peersThatDifferModeratelyHaveNoOutlier() {
        SampleGenerator generator = new SampleGenerator(9);
        double[] medians = {10, 14, 8, 11, 16};
        for (int c = 0; c < medians.length; c++) {
            generator.ok("service" + c, "handle", 40, medians[c]);
        }

        assertThat(ofType(analyzer.analyze(generator.build()), PatternType.COMPONENT_OUTLIER)).isEmpty();
    }

    @Test
    void theSamePatternFoundInAnotherBatchKeepsItsId() {
        List<PerformancePattern> first = analyzer.analyze(new SampleGenerator(10).ok("api", "get", 300, 10).ok("db", "query", 60, 200).build());
        List<PerformancePattern> second = analyzer.analyze(new SampleGenerator(11).ok("api", "get", 280, 11).ok("db", "query", 70, 190).build());

        assertThat(first).isNotEmpty();
        Map<PatternType, String> firstIds = first.stream().collect(Collectors.toMap(PerformancePattern::type, PerformancePattern::id));
        Map<PatternType, String> secondIds = second.stream().collect(Collectors.toMap(PerformancePattern::type, PerformancePattern::id));
        assertThat(secondIds).isEqualTo(firstIds);
        assertThat(firstIds.values()).allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"));
    }

    @Test
    void identicalSamplesGiveOneNormalPatternAndNoNaN() {
        List<PerformanceSample> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(new SampleGenerator(0).add("api", "get", SampleGenerator.T0, 0, true, null).build().get(0));
        }

        List<PerformancePattern> patterns = analyzer.analyze(batch);

        assertThat(patterns).singleElement().satisfies(p -> {
            assertThat(p.type()).isEqualTo(PatternType.NORMAL_OPERATION);
            assertThat(p.confidence()).isEqualTo(1.0);
            assertThat(p.frequency()).isEqualTo(50);
            assertThat(p.statistics().values()).allMatch(Double::isFinite);
        });
    }

    @Test
    void allocationAndCpuAreUsedWhenMeasuredAndReported() {
        List<PerformanceSample> batch = new ArrayList<>();
        SampleGenerator g = new SampleGenerator(12);
        for (PerformanceSample s : g.ok("api", "get", 200, 10).ok("report", "render", 40, 10).build()) {
            long bytes = s.component().equals("api") ? 1_000 : 50_000_000;
            batch.add(new PerformanceSample(s.component(), s.operation(), s.start(), s.duration(), true, null, Map.of(),
                    bytes + s.duration().toNanos() % 97, s.duration().toNanos() / 2));
        }

        List<PerformancePattern> patterns = analyzer.analyze(batch);

        PerformancePattern heavy = ofType(patterns, PatternType.PERFORMANCE_BOTTLENECK).get(0);
        assertThat(heavy.components()).containsExactly("report");
        assertThat(heavy.description()).contains("heavier in memory");
        assertThat(heavy.statistics()).containsKeys("mean_allocated_bytes", "mean_cpu_ms");
    }

    @Test
    void samplesOlderThanTheMaximumAgeAreIgnored() {
        List<PerformanceSample> batch = new SampleGenerator(13).ok("api", "get", 300, 10).ok("db", "query", 60, 200).build();
        PatternAnalyzer recentOnly = new PatternAnalyzer(AnalysisSettings.builder().maxSampleAge(Duration.ofMinutes(30)).build(), CLOCK);

        assertThat(recentOnly.analyze(batch)).isEmpty();
        assertThat(new PatternAnalyzer(AnalysisSettings.builder().maxSampleAge(Duration.ofHours(3)).build(), CLOCK).analyze(batch))
                .isNotEmpty();
    }

    @Test
    void onlyPatternsAboveTheConfidenceThresholdAreKept() {
        List<PerformanceSample> batch = new SampleGenerator(14).ok("api", "get", 300, 10).ok("db", "query", 60, 200).build();
        PatternAnalyzer strict = new PatternAnalyzer(AnalysisSettings.builder().minConfidence(1.0).build(), CLOCK);

        assertThat(strict.analyze(batch)).isEmpty();
    }

    @Test
    void patternsComeSortedByTypeThenFrequency() {
        List<PerformanceSample> batch = new SampleGenerator(15).ok("api", "get", 300, 10).ok("db", "query", 60, 200)
                .failing("db", "query", 20, 1, "boom", SampleGenerator.T0, Duration.ofSeconds(10)).build();

        List<PerformancePattern> patterns = analyzer.analyze(batch);

        assertThat(patterns).extracting(PerformancePattern::type).isSorted();
        assertThat(patterns).extracting(PerformancePattern::type).contains(PatternType.FAILURE_CLUSTER,
                PatternType.PERFORMANCE_BOTTLENECK, PatternType.NORMAL_OPERATION);
    }

    @Test
    void nullSamplesAreRejectedByIndex() {
        List<PerformanceSample> batch = new ArrayList<>(new SampleGenerator(16).ok("api", "get", 20, 10).build());
        batch.add(2, null);

        assertThatThrownBy(() -> analyzer.analyze(batch)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("samples[2] must not be null");
    }

    @Test
    void theSeedsSettingsAreTheDefaults() {
        AnalysisSettings d = PatternAnalyzer.withDefaults().settings();

        assertThat(Arrays.asList(d.minSamples(), d.minConfidence(), d.eps(), d.dbscanMinSamples()))
                .containsExactly(10, 0.7, 0.3, 5);
        assertThat(d.maxSampleAge()).isEqualTo(AnalysisSettings.UNLIMITED_AGE);
    }

    @Test
    void tinyBatchesUnderPermissiveSettingsGiveDefinedResults() {
        PatternAnalyzer permissive = new PatternAnalyzer(AnalysisSettings.builder().minSamples(1).dbscanMinSamples(1)
                .minConfidence(0).build(), CLOCK);
        for (int n = 1; n <= 12; n++) {
            List<PerformanceSample> batch = new SampleGenerator(20 + n).ok("api", "get", n, 10)
                    .failing("api", "get", n % 3, 5, "x", SampleGenerator.T0, Duration.ofSeconds(5)).build();

            assertThat(permissive.analyze(batch)).allSatisfy(p -> {
                assertThat(p.confidence()).isBetween(0.0, 1.0);
                assertThat(p.statistics().values()).allMatch(Double::isFinite);
            });
        }
    }

    @Test
    void aBatchOfOnlyFailuresGivesOnlyFailureClusters() {
        List<PerformanceSample> batch = new SampleGenerator(30)
                .failing("db", "connect", 25, 3, "connection refused", SampleGenerator.T0, Duration.ofSeconds(20)).build();

        List<PerformancePattern> patterns = analyzer.analyze(batch);

        assertThat(patterns).singleElement().satisfies(p -> {
            assertThat(p.type()).isEqualTo(PatternType.FAILURE_CLUSTER);
            assertThat(p.improvementPotential()).isEqualTo(1.0);
            assertThat(p.frequency()).isEqualTo(25);
        });
    }
}
