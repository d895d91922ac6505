package dev.openevolve.internal.diff;

import java.util.List;

/**
 * The diff blocks found in a model answer and the malformed ones that were ignored. Immutable.
 *
 * @param blocks   the well-formed blocks, in order
 * @param problems one message per ignored block or stray marker, naming its line in the answer
 */
record ParsedDiff(List<SearchReplace> blocks, List<String> problems) {
    public ParsedDiff {
        blocks = List.copyOf(blocks);
        problems = List.copyOf(problems);
    }
}
