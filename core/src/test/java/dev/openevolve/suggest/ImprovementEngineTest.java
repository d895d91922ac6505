package dev.openevolve.suggest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.analysis.AnalysisSettings;
import dev.openevolve.analysis.PatternAnalyzer;
import dev.openevolve.spi.PatternType;
import dev.openevolve.spi.PerformancePattern;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.Suggestion;
import dev.openevolve.spi.SuggestionStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImprovementEngineTest {
    private static final Instant NOW = Instant.parse("2024-06-01T15:00:00Z");
    private final ImprovementEngine engine = ImprovementEngine.create(Clock.fixed(NOW, ZoneOffset.UTC), 0.8);

    private static PerformancePattern pattern(String id, PatternType type, double confidence, double potential,
                                              long frequency, String... components) {
        return new PerformancePattern(id, type, type + " of " + String.join(",", components), confidence, potential,
                frequency, NOW.minusSeconds(60), Arrays.asList(components), Map.of("p50_ms", 12.0));
    }

    @Test
    void normalOperationAndPatternsWithoutPotentialYieldNoSuggestion() {
        List<Suggestion> suggestions = engine.suggest(List.of(
                pattern("n", PatternType.NORMAL_OPERATION, 0.95, 0, 500, "api"),
                pattern("z", PatternType.PERFORMANCE_BOTTLENECK, 0.95, 0, 500, "api")));

        assertThat(suggestions).isEmpty();
    }

    @Test
    void suggestionsAreRankedByWeightedImpactWithPrioritiesFromOne() {
        List<Suggestion> suggestions = engine.suggest(List.of(
                pattern("small", PatternType.PERFORMANCE_BOTTLENECK, 0.9, 0.2, 50, "search"),
                pattern("big", PatternType.PERFORMANCE_BOTTLENECK, 0.9, 0.9, 50, "db"),
                pattern("fail", PatternType.FAILURE_CLUSTER, 0.95, 0.5, 50, "payments")));

        assertThat(suggestions).extracting(Suggestion::targetComponent).containsExactly("db", "payments", "search");
        assertThat(suggestions).extracting(Suggestion::priority).containsExactly(1, 2, 3);
        assertThat(suggestions).extracting(Suggestion::type)
                .containsExactly("performance_optimization", "reliability", "performance_optimization");
        assertThat(suggestions).allSatisfy(s -> {
            assertThat(s.status()).isEqualTo(SuggestionStatus.PENDING);
            assertThat(s.createdAt()).isEqualTo(NOW);
        });
        assertThat(suggestions.get(0).expectedImprovement()).isEqualTo(0.9);
        assertThat(suggestions.get(0).confidence()).isEqualTo(0.9);
        assertThat(suggestions.get(0).description()).isEqualTo("Optimise db: PERFORMANCE_BOTTLENECK of db");
    }

    @Test
    void bottlenecksNameAnEvolutionTargetAndFailureClustersDoNot() {
        List<Suggestion> suggestions = engine.suggest(List.of(
                pattern("b", PatternType.PERFORMANCE_BOTTLENECK, 0.9, 0.5, 10, "db", "api"),
                pattern("f", PatternType.FAILURE_CLUSTER, 0.9, 0.5, 10, "payments")));

        Suggestion bottleneck = suggestions.stream().filter(s -> s.targetComponent().equals("db")).findFirst().orElseThrow();
        Suggestion failure = suggestions.stream().filter(s -> s.targetComponent().equals("payments")).findFirst().orElseThrow();
        assertThat(bottleneck.target()).contains("db");
        assertThat(failure.target()).isEmpty();
    }

    @Test
    void optimizationSuggestionsKeepOnlyConfidenceAboveThresholdBestFirst() {
        List<PerformancePattern> patterns = List.of(
                pattern("a", PatternType.PERFORMANCE_BOTTLENECK, 0.80, 0.9, 100, "exactly-threshold"),
                pattern("b", PatternType.LATENCY_REGRESSION, 0.99, 0.3, 100, "regressed"),
                pattern("c", PatternType.COMPONENT_OUTLIER, 0.85, 0.8, 100, "outlier"),
                pattern("d", PatternType.BIMODAL_DURATION, 0.75, 0.9, 100, "bimodal"));

        List<Suggestion> best = engine.optimizationSuggestions(patterns);

        assertThat(best).extracting(Suggestion::targetComponent).containsExactly("outlier", "regressed");
        assertThat(best).extracting(Suggestion::priority).isSorted();
        assertThat(best).allSatisfy(s -> assertThat(s.confidence()).isGreaterThan(0.8));
    }

    @Test
    void idsAreStableAcrossCallsAndAPatternListedTwiceYieldsOneSuggestion() {
        PerformancePattern p = pattern("same", PatternType.PERFORMANCE_BOTTLENECK, 0.9, 0.5, 10, "db");
        ImprovementEngine later = ImprovementEngine.create(Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC), 0.8);

        List<Suggestion> first = engine.suggest(List.of(p, p));
        List<Suggestion> second = later.suggest(List.of(p));

        assertThat(first).hasSize(1);
        assertThat(second.get(0).id()).isEqualTo(first.get(0).id());
        assertThat(second.get(0).createdAt()).isEqualTo(NOW.plusSeconds(3600));
    }

    @Test
    void badInputIsRejected() {
        List<PerformancePattern> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> engine.suggest(withNull)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("patterns[0] must not be null");
        assertThatThrownBy(() -> ImprovementEngine.create(Clock.systemUTC(), 1.2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("optimizationConfidence must be in [0, 1] but was 1.2");
        assertThat(ImprovementEngine.withDefaults().suggest(List.of())).isEmpty();
    }

    @Test
    void analysedSamplesTurnIntoARankedBottleneckSuggestion() {
        Random random = new Random(5);
        Instant t0 = NOW.minus(Duration.ofHours(1));
        List<PerformanceSample> samples = new ArrayList<>();
        for (int i = 0; i < 360; i++) {
            boolean slow = i % 6 == 0;
            double ms = (slow ? 250 : 12) * Math.exp(0.05 * random.nextGaussian());
            samples.add(new PerformanceSample(slow ? "reports" : "api", slow ? "render" : "get",
                    t0.plusSeconds(i * 10L), Duration.ofNanos((long) (ms * 1e6)), true, null, Map.of(), -1, -1));
        }
        List<PerformancePattern> patterns = new PatternAnalyzer(AnalysisSettings.defaults(),
                Clock.fixed(NOW, ZoneOffset.UTC)).analyze(samples);

        List<Suggestion> suggestions = engine.optimizationSuggestions(patterns);

        assertThat(suggestions).isNotEmpty();
        Suggestion top = suggestions.get(0);
        assertThat(top.priority()).isEqualTo(1);
        assertThat(top.targetComponent()).isEqualTo("reports");
        assertThat(top.target()).contains("reports/render");
        assertThat(top.operation()).contains("render");
        assertThat(top.expectedImprovement()).isGreaterThan(0.9);
    }
}
