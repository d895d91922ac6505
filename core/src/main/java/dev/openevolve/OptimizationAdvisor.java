package dev.openevolve;

import dev.openevolve.analysis.PatternAnalyzer;
import dev.openevolve.spi.PerformancePattern;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.Store;
import dev.openevolve.spi.Suggestion;
import dev.openevolve.suggest.ImprovementEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The continuous-learning step: reads the recent samples from the store, learns patterns, turns
 * them into suggestions and stores the patterns and the new suggestions (one found again keeps its
 * status and history). Thread safe (stateless apart from its collaborators).
 */
final class OptimizationAdvisor {
    static final Duration WINDOW = Duration.ofHours(24);
    static final int MAX_SAMPLES = 200_000;

    private final Store store;
    private final PatternAnalyzer analyzer;
    private final ImprovementEngine engine;
    private final Clock clock;

    OptimizationAdvisor(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.analyzer = new PatternAnalyzer(dev.openevolve.analysis.AnalysisSettings.defaults(), clock);
        this.engine = ImprovementEngine.create(clock, ImprovementEngine.DEFAULT_OPTIMIZATION_CONFIDENCE);
    }

    /** Suggestions above the confidence bar, best first, from the last {@link #WINDOW} of samples. */
    List<Suggestion> optimizationSuggestions() {
        var now = clock.instant();
        List<PerformanceSample> samples = store.metrics().find(now.minus(WINDOW), now.plusMillis(1), MAX_SAMPLES);
        List<PerformancePattern> patterns = analyzer.analyze(samples);
        if (patterns.isEmpty()) {
            return List.of();
        }
        store.patterns().save(patterns);
        store.suggestions().insertNew(engine.suggest(patterns));  // a suggestion found again keeps its status
        return engine.optimizationSuggestions(patterns).stream()
                .map(s -> store.suggestions().find(s.id()).orElse(s))
                .toList();
    }
}
