package dev.openevolve.plugin;

import dev.openevolve.spi.OpenEvolveException;
import java.util.List;
import java.util.Objects;

/**
 * More than one provider of one type carries the requested id, so the choice would depend on class path
 * order. The message lists every provider class with the jar or directory it came from. Immutable.
 */
public class DuplicateProviderException extends OpenEvolveException {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final String id;
    private final List<String> providers;

    /**
     * @param type      the provider interface's simple name
     * @param id        the id carried more than once
     * @param providers each provider as {@code class name (location)}
     */
    public DuplicateProviderException(String type, String id, List<String> providers) {
        super(message(type, id, providers));
        this.type = type;
        this.id = id;
        this.providers = List.copyOf(providers);
    }

    private static String message(String type, String id, List<String> providers) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        return providers.size() + " " + type + "s carry the id '" + id + "': " + String.join(", ", providers)
                + ". Remove all but one of them from the class path.";
    }

    /** The provider interface's simple name. */
    public String type() {
        return type;
    }

    /** The id carried more than once. */
    public String id() {
        return id;
    }

    /** Each provider as {@code class name (location)}, in class path order. */
    public List<String> providers() {
        return providers;
    }
}
