package dev.openevolve.suggest;

import dev.openevolve.spi.PatternType;
import dev.openevolve.spi.PerformancePattern;
import dev.openevolve.spi.Suggestion;
import dev.openevolve.spi.SuggestionStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Turns learned patterns into prioritised {@link Suggestion}s (the seed's improvement engine).
 *
 * <p>Each pattern other than {@link PatternType#NORMAL_OPERATION} with some improvement potential
 * yields one suggestion for its primary (first) component and that component's most frequent operation in the
 * pattern ({@link Suggestion#targetOperation()}), so two endpoints of one component are told apart. Suggestions are ranked by
 * {@code weight(type) × expected improvement × confidence × ln(1 + frequency)}; priority 1 is the
 * best. Bottlenecks, regressions, outliers and bimodal operations name their component as the
 * evolution target ({@code component/operation}, or the component when the pattern names no operation of it);
 * failure clusters do not, since their fix is rarely a faster program.
 * Suggestion ids are name-based UUIDs of the pattern id and the suggestion type, so a pattern
 * found again yields the same suggestion id; {@code createdAt} comes from the injected clock.
 *
 * <p>Immutable and thread safe.
 */
public final class ImprovementEngine {
    /** The seed's threshold for {@link #optimizationSuggestions(List)}: confidence above 0.8. */
    public static final double DEFAULT_OPTIMIZATION_CONFIDENCE = 0.8;

    private static final Map<PatternType, Kind> KINDS = new EnumMap<>(PatternType.class);

    static {
        KINDS.put(PatternType.FAILURE_CLUSTER, new Kind("reliability", 1.2, false, "Make %s fail less: %s"));
        KINDS.put(PatternType.LATENCY_REGRESSION, new Kind("performance_regression", 1.1, true,
                "Find and undo what slowed %s down: %s"));
        KINDS.put(PatternType.PERFORMANCE_BOTTLENECK, new Kind("performance_optimization", 1.0, true,
                "Optimise %s: %s"));
        KINDS.put(PatternType.COMPONENT_OUTLIER, new Kind("performance_optimization", 0.9, true,
                "Bring %s in line with its peers: %s"));
        KINDS.put(PatternType.BIMODAL_DURATION, new Kind("latency_consistency", 0.8, true,
                "Remove the slow path of %s: %s"));
    }

    private final Clock clock;
    private final double optimizationConfidence;

    private ImprovementEngine(Clock clock, double optimizationConfidence) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!(optimizationConfidence >= 0 && optimizationConfidence <= 1)) {
            throw new IllegalArgumentException("optimizationConfidence must be in [0, 1] but was "
                    + optimizationConfidence);
        }
        this.optimizationConfidence = optimizationConfidence;
    }

    /** An engine on the system UTC clock with the seed's 0.8 confidence threshold. */
    public static ImprovementEngine withDefaults() {
        return create(Clock.systemUTC(), DEFAULT_OPTIMIZATION_CONFIDENCE);
    }

    /**
     * An engine stamping suggestions with {@code clock} whose {@link #optimizationSuggestions(List)}
     * keeps those with confidence above {@code optimizationConfidence}.
     *
     * @throws IllegalArgumentException if {@code optimizationConfidence} is not in [0, 1]
     */
    public static ImprovementEngine create(Clock clock, double optimizationConfidence) {
        return new ImprovementEngine(clock, optimizationConfidence);
    }

    /**
     * All suggestions for {@code patterns}, best first, with priorities 1, 2, … in that order.
     * A pattern listed twice yields one suggestion.
     */
    public List<Suggestion> suggest(List<PerformancePattern> patterns) {
        Objects.requireNonNull(patterns, "patterns");
        Instant now = clock.instant();
        Map<String, Candidate> byId = new LinkedHashMap<>();
        for (int i = 0; i < patterns.size(); i++) {
            PerformancePattern pattern = patterns.get(i);
            if (pattern == null) {
                throw new IllegalArgumentException("patterns[" + i + "] must not be null");
            }
            Kind kind = KINDS.get(pattern.type());
            if (kind == null || pattern.improvementPotential() <= 0) {
                continue;
            }
            String id = UUID.nameUUIDFromBytes(("suggestion|" + kind.type + "|" + pattern.id())
                    .getBytes(StandardCharsets.UTF_8)).toString();
            double score = kind.weight * pattern.improvementPotential() * pattern.confidence()
                    * Math.log1p(pattern.frequency());
            byId.putIfAbsent(id, new Candidate(id, kind, pattern, score));
        }
        List<Candidate> ranked = new ArrayList<>(byId.values());
        ranked.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparing(Candidate::id));
        List<Suggestion> suggestions = new ArrayList<>(ranked.size());
        for (int rank = 0; rank < ranked.size(); rank++) {
            suggestions.add(ranked.get(rank).toSuggestion(rank + 1, now));
        }
        return List.copyOf(suggestions);
    }

    /**
     * The suggestions worth acting on: those of {@link #suggest(List)} with confidence above the
     * engine's threshold (0.8 by default), best first, keeping their priorities.
     */
    public List<Suggestion> optimizationSuggestions(List<PerformancePattern> patterns) {
        return suggest(patterns).stream().filter(s -> s.confidence() > optimizationConfidence).toList();
    }

    private record Kind(String type, double weight, boolean evolvable, String template) {
    }

    private record Candidate(String id, Kind kind, PerformancePattern pattern, double score) {
        Suggestion toSuggestion(int priority, Instant createdAt) {
            String component = pattern.components().isEmpty() ? "unknown" : pattern.components().get(0);
            String operation = operationOf(component, pattern.operations());
            String subject = operation == null ? component : component + "/" + operation;
            return new Suggestion(id, kind.type, component, String.format(kind.template, subject,
                    pattern.description()), pattern.improvementPotential(), pattern.confidence(), priority,
                    kind.evolvable ? subject : null, SuggestionStatus.PENDING, createdAt, operation);
        }

        /** The most frequent operation of {@code component} among {@code operations} ({@code component/op}). */
        private static String operationOf(String component, List<String> operations) {
            String prefix = component + "/";
            for (String qualified : operations) {
                if (qualified.startsWith(prefix) && qualified.length() > prefix.length()) {
                    return qualified.substring(prefix.length());
                }
            }
            return null;
        }
    }
}
