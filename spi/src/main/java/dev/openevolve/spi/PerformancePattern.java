package dev.openevolve.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pattern learned from sampled metrics (the seed's {@code learned_patterns}). Immutable.
 *
 * @param id                   stable id: the same pattern found again keeps its id
 * @param type                 what it says
 * @param description          one sentence for people
 * @param confidence           how sure the analysis is, in [0, 1]
 * @param improvementPotential expected relative gain if addressed, in [0, 1]
 * @param frequency            how many samples showed it
 * @param lastSeen             the newest sample in it
 * @param components           the host components involved
 * @param statistics           numeric characteristics (for example {@code mean_ms}, {@code p95_ms}, {@code success_rate})
 * @param operations           the operations involved, as {@code component/operation}, most frequent first
 */
public record PerformancePattern(String id, PatternType type, String description, double confidence,
                                 double improvementPotential, long frequency, Instant lastSeen,
                                 List<String> components, Map<String, Double> statistics, List<String> operations) {
    public PerformancePattern {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(lastSeen, "lastSeen");
        requireUnit("confidence", confidence);
        requireUnit("improvementPotential", improvementPotential);
        if (frequency < 0) {
            throw new IllegalArgumentException("frequency must not be negative but was " + frequency);
        }
        components = List.copyOf(components);
        statistics = Map.copyOf(statistics);
        operations = List.copyOf(operations);
    }

    /** A pattern that names no operation. */
    public PerformancePattern(String id, PatternType type, String description, double confidence,
                              double improvementPotential, long frequency, Instant lastSeen, List<String> components,
                              Map<String, Double> statistics) {
        this(id, type, description, confidence, improvementPotential, frequency, lastSeen, components, statistics,
                List.of());
    }

    static void requireUnit(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1] but was " + value);
        }
    }
}
