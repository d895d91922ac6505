package dev.openevolve.analysis;

import dev.openevolve.spi.PatternType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A detected pattern before it gets its stable id.
 *
 * @param key   what identifies the pattern across analyses besides its type (components, operations)
 * @param order orders findings that share type and key, so the ids they get are stable
 * @param operations the operations involved, as {@code component/operation}, most frequent first
 */
record Finding(PatternType type, String key, String description, double confidence, double improvementPotential,
               long frequency, Instant lastSeen, List<String> components, Map<String, Double> statistics,
               double order, List<String> operations) {
    Finding {
        confidence = clampUnit(confidence);
        improvementPotential = clampUnit(improvementPotential);
    }

    private static double clampUnit(double value) {
        return Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
    }
}
