package dev.openevolve.internal.diff;

import java.util.Objects;

/**
 * One {@code <<<<<<< SEARCH / ======= / >>>>>>> REPLACE} block: the text to find in a program and
 * the text to put in its place. Texts hold whole lines without the final line break, as
 * {@link Diffs#parse} produces them; a fragment of a line is accepted too. Immutable.
 *
 * @param search  the text to find; must not be blank
 * @param replace the replacement, possibly empty (the matched lines are then deleted)
 */
public record SearchReplace(String search, String replace) {
    public SearchReplace {
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(replace, "replace");
        if (search.isBlank()) {
            throw new IllegalArgumentException("the SEARCH text of a diff block must not be blank");
        }
    }
}
