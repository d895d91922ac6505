package dev.openevolve.config;

import dev.openevolve.spi.OpenEvolveException;
import java.util.List;
import java.util.Objects;

/**
 * A configuration could not be loaded or is invalid. Carries every problem found at once, each naming
 * the key, the rule and the rejected value (secrets masked); the message names the source (file name,
 * {@code environment}, …) and lists them all. Immutable.
 */
public class ConfigException extends OpenEvolveException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient List<ConfigProblem> problems;

    /**
     * @param source   where the configuration came from, e.g. a file path
     * @param problems at least one problem
     */
    public ConfigException(String source, List<ConfigProblem> problems) {
        super(message(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    private static String message(String source, List<ConfigProblem> problems) {
        Objects.requireNonNull(source, "source");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems must not be empty");
        }
        var sb = new StringBuilder("Invalid configuration in ").append(source).append(" (")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems").append("):");
        for (ConfigProblem p : problems) {
            sb.append("\n  - ").append(p.message());
        }
        return sb.toString();
    }

    /** Where the configuration came from. */
    public String source() {
        return source;
    }

    /** Every problem found, in the order found; never empty. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
