package dev.openevolve.internal.prompt;

import dev.openevolve.spi.OpenEvolveException;
import java.util.List;

/**
 * Prompt templates could not be loaded: an unknown template file, an unknown or missing placeholder,
 * an unreadable file or directory. Lists every problem found, each naming the file at fault.
 */
public class PromptTemplateException extends OpenEvolveException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** An exception reporting {@code problems}, at least one. */
    public PromptTemplateException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem found, one message per problem. */
    public List<String> problems() {
        return problems;
    }
}
