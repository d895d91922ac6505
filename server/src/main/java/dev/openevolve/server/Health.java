package dev.openevolve.server;

import java.util.Map;
import java.util.Objects;

/**
 * The state of each part of the loop: {@code sampler}, {@code store}, {@code model}, {@code evaluator_pool}.
 * Immutable.
 *
 * @param components each part's state, by name
 */
public record Health(Map<String, Component> components) {

    /**
     * A part's state and a detail for people: {@code UP}, {@code DOWN}, {@code IDLE} or {@code RUNNING} (the
     * evaluator pool), {@code CONFIGURED} (the model backend, which is not called to check it) or {@code ABSENT}.
     */
    public record Component(String state, String detail) {
        /** The state of a part that works. */
        public static final String UP = "UP";
        /** The state of a part that fails. */
        public static final String DOWN = "DOWN";
        /** The state of a part the service was not given. */
        public static final String ABSENT = "ABSENT";

        public Component {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(detail, "detail");
        }
    }

    public Health {
        components = Map.copyOf(components);
    }

    /** Whether no part is {@code DOWN}. */
    public boolean healthy() {
        return components.values().stream().noneMatch(c -> c.state().equals(Component.DOWN));
    }
}
