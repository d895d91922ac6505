package dev.openevolve.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * The stored state of one feature flag. Immutable.
 *
 * @param name      the flag
 * @param enabled   whether the feature is on
 * @param actor     who set it last
 * @param updatedAt when
 */
public record FeatureFlag(String name, boolean enabled, String actor, Instant updatedAt) {
    public FeatureFlag {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
    }
}
