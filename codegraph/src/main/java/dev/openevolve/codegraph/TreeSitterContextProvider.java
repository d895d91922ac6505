package dev.openevolve.codegraph;

import dev.openevolve.spi.CodebaseContextProvider;
import dev.openevolve.spi.OpenEvolveException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The {@link CodebaseContextProvider} with id {@value #ID}: indexes the tree into a {@link CodeGraph} with
 * tree-sitter parsers (Java, Python, JavaScript, TypeScript, Go, Rust) and describes it for the prompt. When the
 * tree holds EVOLVE blocks, the definitions they are in come first, each with its source, callers, callees and
 * the types it uses ({@link PromptContext#forDefinition}); the rest of the budget goes to an overview of every file
 * and definition ({@link PromptContext#overview}).
 *
 * <p>Stateless and thread safe: each call indexes afresh. A host that describes the same tree repeatedly keeps a
 * {@link CodeGraphIndexer} instead, which re-parses only changed files.
 */
public final class TreeSitterContextProvider implements CodebaseContextProvider {
    /** The provider id. */
    public static final String ID = "treesitter";

    private static final int MAX_TARGETS = 3;
    private static final int MIN_OVERVIEW = 80;

    /** For {@link java.util.ServiceLoader}. */
    public TreeSitterContextProvider() {
        // stateless
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * @throws IllegalArgumentException when {@code maxChars} is negative
     * @throws OpenEvolveException      when {@code root} is not a readable directory, naming it
     */
    @Override
    public String describe(Path root, int maxChars) {
        Objects.requireNonNull(root, "root");
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars must be at least 0 but was '" + maxChars + "'");
        }
        CodeGraph graph = CodeGraphIndexer.builder(root).build().update().graph();
        return describe(graph, maxChars);
    }

    /** Describes an already built graph the same way. */
    public static String describe(CodeGraph graph, int maxChars) {
        Objects.requireNonNull(graph, "graph");
        List<Definition> targets = graph.evolveBlockDefinitions();
        if (targets.isEmpty()) {
            return PromptContext.overview(graph, maxChars);
        }
        targets = targets.subList(0, Math.min(MAX_TARGETS, targets.size()));
        var sb = new StringBuilder();
        int focusBudget = maxChars * 3 / 5 / targets.size();
        for (Definition target : targets) {
            String focus = PromptContext.forDefinition(graph, target, Math.min(focusBudget, maxChars - sb.length()));
            if (!focus.isEmpty()) {
                sb.append(focus).append("\n\n");
            }
        }
        int left = maxChars - sb.length();
        if (left >= MIN_OVERVIEW) {
            sb.append(PromptContext.overview(graph, left));
        }
        String text = sb.toString().stripTrailing();
        return text.length() <= maxChars ? text : text.substring(0, maxChars);
    }
}
