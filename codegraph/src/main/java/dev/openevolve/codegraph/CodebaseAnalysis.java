package dev.openevolve.codegraph;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code codebaseAnalysisComplete} event: the graph after an {@link CodeGraphIndexer#update()} and what
 * changed since the previous one. Immutable.
 *
 * @param graph     the graph now
 * @param added     files new since the previous analysis, in path order
 * @param changed   files whose content changed (re-parsed), in path order
 * @param removed   files gone since the previous analysis, in path order
 * @param unchanged how many files were kept without re-parsing
 * @param truncated whether the walk stopped at the configured maximum number of files
 * @param elapsed   how long the analysis took
 */
public record CodebaseAnalysis(CodeGraph graph, List<String> added, List<String> changed, List<String> removed,
                               int unchanged, boolean truncated, Duration elapsed) {
    public CodebaseAnalysis {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(elapsed, "elapsed");
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }

    /** Whether any file was added, changed or removed. */
    public boolean hasChanges() {
        return !added.isEmpty() || !changed.isEmpty() || !removed.isEmpty();
    }
}
