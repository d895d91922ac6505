package dev.openevolve.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One thing wrong with a configuration: the key at fault (a dotted path such as {@code llm.temperature},
 * an environment variable name, or the configuration source itself), the rule it breaks and the value
 * rejected. Immutable and thread safe.
 *
 * <p>Secrets never leave this record: when the key names a secret ({@code api_key}, {@code password},
 * {@code token}, …) the rejected value is replaced by {@code ****} in the constructor, and passwords inside
 * URLs ({@code user:pw@host}, {@code password=pw}) are masked.
 *
 * @param key           what is at fault; never blank
 * @param rule          the rule broken, phrased to follow the key ("must be between 0 and 2")
 * @param rejectedValue the value rejected as text, or {@code null} when no value is at fault
 *                      (an unknown key, a missing file, malformed YAML)
 */
public record ConfigProblem(String key, String rule, String rejectedValue) {
    private static final Pattern SECRET_SEGMENT = Pattern.compile(
            "(?i)(?:.*[._\\-\\[])?(?:api_?key|key|password|passwd|pwd|secret|token|credentials?)\\]?");

    public ConfigProblem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rule, "rule");
        if (key.isBlank()) {
            throw new IllegalArgumentException("key must not be blank");
        }
        if (rejectedValue != null) {
            rejectedValue = isSecret(key) ? "****" : Rules.maskUrlSecrets(rejectedValue);
        }
    }

    /** Whether values under {@code key} (a dotted path or variable name) are secret and must never be shown. */
    static boolean isSecret(String key) {
        return SECRET_SEGMENT.matcher(key).matches();
    }

    /** The problem as one sentence: {@code llm.temperature must be between 0 and 2 but was '3.5'}. */
    public String message() {
        return rejectedValue == null ? key + " " + rule : key + " " + rule + " but was '" + rejectedValue + "'";
    }

    /** Same as {@link #message()}. */
    @Override
    public String toString() {
        return message();
    }
}
