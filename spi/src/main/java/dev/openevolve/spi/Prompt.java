package dev.openevolve.spi;

import java.util.Objects;

/**
 * What the engine asks a language model: a system message, a user message, the source of the
 * program being evolved (so that offline models need not parse it out of the text) and a seed
 * that makes a call repeatable where the backend supports it. Immutable.
 *
 * @param system         the system message
 * @param user           the user message
 * @param currentProgram the full source of the parent program
 * @param seed           a per-call seed derived from the run's seed and iteration
 */
public record Prompt(String system, String user, String currentProgram, long seed) {
    public Prompt {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(currentProgram, "currentProgram");
    }
}
