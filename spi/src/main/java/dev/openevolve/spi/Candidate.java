package dev.openevolve.spi;

import java.util.Objects;

/**
 * A program to be evaluated: its id, its full source text and its language
 * (for example {@code java}, {@code python}). Immutable.
 *
 * @param id       the program id, unique within a run
 * @param code     the complete source text
 * @param language the language name, lower case
 */
public record Candidate(String id, String code, String language) {
    public Candidate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(language, "language");
        if (id.isBlank()) {
            throw new IllegalArgumentException("candidate id must not be blank");
        }
    }
}
