package dev.openevolve.internal.diff;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link Diffs#apply}. Immutable.
 *
 * @param code     the program after applying the blocks that could be applied
 * @param applied  how many blocks were applied
 * @param problems one message per rejected block, naming the block number and why it was rejected
 */
public record DiffResult(String code, int applied, List<String> problems) {
    public DiffResult {
        Objects.requireNonNull(code, "code");
        if (applied < 0) {
            throw new IllegalArgumentException("applied block count must not be negative but was " + applied);
        }
        problems = List.copyOf(problems);
    }

    /** Whether at least one block was applied; a block that would change nothing is never applied. */
    public boolean changed() {
        return applied > 0;
    }
}
