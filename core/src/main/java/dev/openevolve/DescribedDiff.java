package dev.openevolve;

import dev.openevolve.internal.diff.DiffResult;
import dev.openevolve.internal.diff.Diffs;
import dev.openevolve.internal.diff.SearchReplace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenEvolve's changes-description mode for one model answer: each SEARCH/REPLACE block goes to the program's code
 * or to its changes description, whichever its SEARCH text is found in; a block found in both or in neither rejects
 * the answer, and so does an answer that leaves the description unchanged or empty (OpenEvolve's rules). The offline
 * model writes no prose, so for it a description left unchanged gains one line naming the code change instead.
 * Stateless.
 */
final class DescribedDiff {
    private DescribedDiff() {
    }

    /** The new code and description. */
    record Outcome(String code, String description, List<SearchReplace> codeBlocks, int applied) {
    }

    /**
     * Applies {@code blocks} to {@code code} and {@code description}; empty (with the reasons added to
     * {@code problems}) when the answer is rejected.
     *
     * @param synthesize whether a description the answer left alone gains a line naming the code change
     */
    static Optional<Outcome> apply(String code, String description, List<SearchReplace> blocks, boolean synthesize,
                                   List<String> problems) {
        var codeBlocks = new ArrayList<SearchReplace>();
        var descriptionBlocks = new ArrayList<SearchReplace>();
        int unmatched = 0;
        for (int i = 0; i < blocks.size(); i++) {
            SearchReplace block = blocks.get(i);
            boolean inCode = Diffs.apply(code, List.of(block)).changed();
            boolean inDescription = !description.isEmpty() && Diffs.apply(description, List.of(block)).changed();
            if (inCode && inDescription) {
                problems.add("block " + (i + 1) + " is ambiguous: its SEARCH text occurs both in the code and in the"
                        + " changes description");
                return Optional.empty();
            }
            if (inCode) {
                codeBlocks.add(block);
            } else if (inDescription) {
                descriptionBlocks.add(block);
            } else {
                unmatched++;
            }
        }
        if (unmatched > 0) {
            problems.add(unmatched + " of " + blocks.size() + " SEARCH/REPLACE block(s) match neither the code nor"
                    + " its changes description, so the proposal is discarded");
            return Optional.empty();
        }
        DiffResult newCode = Diffs.apply(code, codeBlocks);
        problems.addAll(newCode.problems());
        String newDescription = Diffs.apply(description, descriptionBlocks).code();
        if (newDescription.strip().equals(description.strip()) || newDescription.isBlank()) {
            if (!synthesize || codeBlocks.isEmpty()) {
                problems.add("the changes description was not updated (or is empty), so the proposal is discarded;"
                        + " update it with its own SEARCH/REPLACE block");
                return Optional.empty();
            }
            SearchReplace first = codeBlocks.get(0);
            newDescription = (description.isBlank() ? "" : description.stripTrailing() + "\n") + "- changed '"
                    + Text.head(Text.firstLine(first.search()).strip(), 80) + "' to '"
                    + Text.head(Text.firstLine(first.replace()).strip(), 80) + "'";
        }
        return Optional.of(new Outcome(newCode.code(), newDescription, codeBlocks, newCode.applied()));
    }
}
