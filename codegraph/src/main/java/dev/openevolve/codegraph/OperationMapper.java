package dev.openevolve.codegraph;

import dev.openevolve.spi.OpenEvolveException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Maps a sampled operation (a pattern's or suggestion's component and operation) to the function that defines it,
 * so that a suggestion can point at a file and line.
 *
 * <p>The host's mapping wins: its keys are {@code component/operation} or {@code operation}, its values a
 * qualified name ({@code Pricing.price}), a simple name, or {@code path:line} below the graph's root. Otherwise the
 * operation is matched by name ignoring case and {@code _}/{@code -} ({@code compute_price} finds
 * {@code computePrice}); a dotted operation ({@code checkout.price}) and the component narrow the candidates to
 * those whose type or file name matches. An ambiguous name maps to nothing rather than to a guess. Immutable and
 * thread safe.
 */
public final class OperationMapper {
    private final CodeGraph graph;
    private final Map<String, Definition> mapped;

    private OperationMapper(CodeGraph graph, Map<String, Definition> mapped) {
        this.graph = graph;
        this.mapped = mapped;
    }

    /** A mapper by name only. */
    public static OperationMapper byName(CodeGraph graph) {
        return new OperationMapper(Objects.requireNonNull(graph, "graph"), Map.of());
    }

    /**
     * A mapper that looks up {@code hostMapping} first.
     *
     * @throws OpenEvolveException naming every entry whose value does not designate exactly one definition
     */
    public static OperationMapper withMapping(CodeGraph graph, Map<String, String> hostMapping) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(hostMapping, "hostMapping");
        var mapped = new TreeMap<String, Definition>();
        var problems = new ArrayList<String>();
        for (var e : new TreeMap<>(hostMapping).entrySet()) {
            List<Definition> found = designated(graph, e.getValue());
            if (found.size() == 1) {
                mapped.put(e.getKey(), found.get(0));
            } else {
                problems.add("operation '" + e.getKey() + "' maps to '" + e.getValue() + "' which "
                        + (found.isEmpty() ? "names no definition" : "names " + found.size() + " definitions "
                        + found.stream().map(Definition::location).toList()));
            }
        }
        if (!problems.isEmpty()) {
            throw new OpenEvolveException("Invalid operation mapping for " + graph.root() + ": "
                    + String.join("; ", problems));
        }
        return new OperationMapper(graph, Map.copyOf(mapped));
    }

    /** The function or method behind {@code operation} of {@code component} ({@code component} may be empty). */
    public Optional<Definition> locate(String component, String operation) {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(operation, "operation");
        Definition direct = mapped.get(component + "/" + operation);
        if (direct == null) {
            direct = mapped.get(operation);
        }
        if (direct != null) {
            return Optional.of(direct);
        }
        String[] parts = operation.split("[./#:]+");
        if (parts.length == 0) {
            return Optional.empty();
        }
        String name = normalize(parts[parts.length - 1]);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        var hints = new ArrayList<String>();
        for (int i = 0; i < parts.length - 1; i++) {
            hints.add(normalize(parts[i]));
        }
        hints.add(normalize(component));
        hints.removeIf(String::isEmpty);
        List<Definition> candidates = graph.definitions().stream()
                .filter(d -> d.kind() != Definition.Kind.TYPE && normalize(d.name()).equals(name)).toList();
        for (String hint : hints) {
            if (candidates.size() <= 1) {
                break;
            }
            List<Definition> narrowed = candidates.stream().filter(d -> matches(d, hint)).toList();
            if (!narrowed.isEmpty()) {
                candidates = narrowed;
            }
        }
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    private static boolean matches(Definition d, String hint) {
        String owner = normalize(d.container());
        String file = d.file();
        String stem = normalize(file.substring(file.lastIndexOf('/') + 1).replaceFirst("\\.[^.]*$", ""));
        String path = normalize(file);
        return (!owner.isEmpty() && (owner.contains(hint) || hint.contains(owner))) || stem.contains(hint)
                || hint.contains(stem) || path.contains(hint);
    }

    private static List<Definition> designated(CodeGraph graph, String value) {
        int colon = value.lastIndexOf(':');
        if (colon > 0 && value.substring(colon + 1).matches("\\d+")) {
            return graph.definitionAt(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)))
                    .map(List::of).orElse(List.of());
        }
        return graph.find(value);
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
