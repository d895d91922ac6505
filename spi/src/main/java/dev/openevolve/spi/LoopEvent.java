package dev.openevolve.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the continuous-learning loop's event log: an event a host published or a state change of the
 * loop. Immutable.
 *
 * @param sequence position in the log, assigned by the store on append: increasing, never reused
 * @param at       when it happened
 * @param type     what happened, for example {@code deployment_complete}, {@code suggestion_approved}
 * @param data     its attributes
 */
public record LoopEvent(long sequence, Instant at, String type, Map<String, String> data) {
    public LoopEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        data = Map.copyOf(Objects.requireNonNull(data, "data"));
        if (type.isBlank()) {
            throw new IllegalArgumentException("type must not be blank");
        }
    }
}
