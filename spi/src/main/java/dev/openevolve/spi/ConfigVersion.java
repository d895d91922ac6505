package dev.openevolve.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored version of a configuration. Immutable.
 *
 * @param version   1, 2, … in the order saved
 * @param content   the configuration as text
 * @param actor     who saved it
 * @param reason    why (may be empty)
 * @param createdAt when
 */
public record ConfigVersion(int version, String content, String actor, String reason, Instant createdAt) {
    public ConfigVersion {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(createdAt, "createdAt");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1 but was " + version);
        }
    }
}
