package dev.openevolve.plugin;

import dev.openevolve.spi.OpenEvolveException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * No provider of the requested type carries the requested id. The message names the id, the ids that are
 * present and, for a known id, the artifact to add to the class path. Immutable.
 */
public class ProviderNotFoundException extends OpenEvolveException {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final String requestedId;
    private final List<String> available;
    private final String artifact;

    /**
     * @param type        the provider interface's simple name
     * @param requestedId the id asked for
     * @param available   the ids found, sorted
     * @param artifact    the Maven coordinates that provide {@code requestedId}, or {@code null} when unknown
     */
    public ProviderNotFoundException(String type, String requestedId, List<String> available, String artifact) {
        super(message(type, requestedId, available, artifact));
        this.type = type;
        this.requestedId = requestedId;
        this.available = List.copyOf(available);
        this.artifact = artifact;
    }

    private static String message(String type, String id, List<String> available, String artifact) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "requestedId");
        String found = available.isEmpty() ? "none" : String.join(", ", available);
        String fix = artifact != null
                ? "Add the dependency " + artifact + " to the class path."
                : "Check the id for a typo, or add the jar that provides it to the class path.";
        return "No " + type + " with id '" + id + "' found (ids found: " + found + "). " + fix;
    }

    /** The provider interface's simple name. */
    public String type() {
        return type;
    }

    /** The id asked for. */
    public String requestedId() {
        return requestedId;
    }

    /** The ids found on the class path, sorted. */
    public List<String> available() {
        return available;
    }

    /** The Maven coordinates that provide the requested id, when known. */
    public Optional<String> artifact() {
        return Optional.ofNullable(artifact);
    }
}
