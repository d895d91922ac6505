package dev.openevolve.internal.prompt;

import dev.openevolve.spi.Program;
import java.util.List;
import java.util.Objects;

/**
 * What a prompt is built from. Immutable; lists are copied.
 *
 * @param parent           the program to improve
 * @param topPrograms      the best programs, as the database gave them (best first)
 * @param inspirations     diverse programs, as the database gave them
 * @param previousProblems messages of the last attempt from this parent's lineage (rejected diff blocks,
 *                         compile errors) shown so that the model can correct itself; may be empty
 * @param language         the program's language, lower case, used for code fences
 * @param iteration        the iteration being prompted, {@code >= 0}
 * @param diffMode         {@code true} to ask for SEARCH/REPLACE blocks, {@code false} for a full rewrite
 * @param seed             the per-call seed, passed on as {@link dev.openevolve.spi.Prompt#seed()}
 * @param codebaseContext  a summary of the surrounding code base; may be empty
 */
public record PromptRequest(Program parent, List<Program> topPrograms, List<Program> inspirations,
                            List<String> previousProblems, String language, long iteration, boolean diffMode,
                            long seed, String codebaseContext) {
    public PromptRequest {
        Objects.requireNonNull(parent, "parent");
        topPrograms = List.copyOf(topPrograms);
        inspirations = List.copyOf(inspirations);
        previousProblems = List.copyOf(previousProblems);
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(codebaseContext, "codebaseContext");
        if (language.isBlank()) {
            throw new IllegalArgumentException("prompt language must not be blank");
        }
        if (iteration < 0) {
            throw new IllegalArgumentException("prompt iteration must not be negative but was " + iteration);
        }
    }
}
