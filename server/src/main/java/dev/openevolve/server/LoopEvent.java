package dev.openevolve.server;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened in the optimisation loop (a cycle started or finished, a suggestion was decided, a
 * flag changed). Immutable.
 *
 * @param at         when
 * @param type       what, for example {@code cycle.started}
 * @param attributes details
 */
public record LoopEvent(Instant at, String type, Map<String, String> attributes) {
    public LoopEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        attributes = Map.copyOf(attributes);
    }
}
