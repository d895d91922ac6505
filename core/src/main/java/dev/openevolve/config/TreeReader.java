package dev.openevolve.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads typed values from one mapping of a YAML tree, recording a problem (and returning the fallback)
 * for every value of the wrong type. A key set to {@code null} counts as absent and keeps its default.
 * Not thread safe; lives for one load.
 */
final class TreeReader {
    private static final int SHOWN_CHARS = 60;

    private final ObjectNode node;
    private final String path;
    private final Problems problems;

    private TreeReader(ObjectNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    static TreeReader of(ObjectNode node, String path, Problems problems) {
        return new TreeReader(node, path, problems);
    }

    static TreeReader empty(String path, Problems problems) {
        return new TreeReader(JsonNodeFactory.instance.objectNode(), path, problems);
    }

    String path() {
        return path;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    Problems problems() {
        return problems;
    }

    Iterable<String> names() {
        return () -> node.fieldNames();
    }

    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    /** The raw value, absent when missing or {@code null}. */
    Optional<JsonNode> raw(String name) {
        return has(name) ? Optional.of(node.get(name)) : Optional.empty();
    }

    int integer(String name, int fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        wrongType(name, v, "must be an integer");
        return fallback;
    }

    long longValue(String name, long fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        wrongType(name, v, "must be an integer");
        return fallback;
    }

    double decimal(String name, double fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        wrongType(name, v, "must be a number");
        return fallback;
    }

    boolean bool(String name, boolean fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        wrongType(name, v, "must be true or false");
        return fallback;
    }

    String text(String name, String fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        wrongType(name, v, "must be a string");
        return fallback;
    }

    /** A number of (possibly fractional) seconds. */
    Duration seconds(String name, Duration fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isNumber() && Double.isFinite(v.doubleValue())) {
            BigDecimal nanos = v.decimalValue().movePointRight(9);
            if (nanos.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
                return Duration.ofNanos(nanos.longValue());
            }
        }
        wrongType(name, v, "must be a number of seconds");
        return fallback;
    }

    List<String> texts(String name, List<String> fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isArray()) {
            wrongType(name, v, "must be a list of strings");
            return fallback;
        }
        var out = new ArrayList<String>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (e.isTextual()) {
                out.add(e.textValue());
            } else {
                problems.add(key(name) + "[" + i + "]", "must be a string", shown(e));
            }
        }
        return out.size() == v.size() ? out : fallback;
    }

    List<Double> decimals(String name, List<Double> fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isArray()) {
            wrongType(name, v, "must be a list of numbers");
            return fallback;
        }
        var out = new ArrayList<Double>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (e.isNumber()) {
                out.add(e.doubleValue());
            } else {
                problems.add(key(name) + "[" + i + "]", "must be a number", shown(e));
            }
        }
        return out.size() == v.size() ? out : fallback;
    }

    /** The mapping under {@code name}; an empty reader when absent, {@code null} or not a mapping (a problem). */
    TreeReader section(String name) {
        JsonNode v = node.get(name);
        if (v != null && v.isObject()) {
            return new TreeReader((ObjectNode) v, key(name), problems);
        }
        if (v != null && !v.isNull()) {
            wrongType(name, v, "must be a mapping");
        }
        return empty(key(name), problems);
    }

    /** The mappings listed under {@code name}; entries that are not mappings are problems. */
    List<TreeReader> sections(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            wrongType(name, v, "must be a list of mappings");
            return List.of();
        }
        var out = new ArrayList<TreeReader>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String at = key(name) + "[" + i + "]";
            if (e.isObject()) {
                out.add(new TreeReader((ObjectNode) e, at, problems));
            } else {
                problems.add(at, "must be a mapping", shown(e));
            }
        }
        return out;
    }

    /** Records a problem for every key not in {@code known}, suggesting the closest known key. */
    void rejectUnknown(Collection<String> known) {
        for (String name : names()) {
            if (!known.contains(name)) {
                problems.add(key(name), "is not a known key" + suggestion(name, known), null);
            }
        }
    }

    String suggestion(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(name.toLowerCase(java.util.Locale.ROOT), candidate);
            if (d < bestDistance || (d == bestDistance && best != null && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(3, name.length() / 3));
        return best != null && bestDistance <= allowed ? "; did you mean '" + key(best) + "'?" : "";
    }

    void wrongType(String name, JsonNode value, String rule) {
        problems.add(key(name), rule, shown(value));
    }

    /**
     * A value as shown in a message: scalars as written; containers by their shape only ({@code {a, b}},
     * {@code [2 items]}), since a nested value may be a secret under a key that does not look secret.
     */
    static String shown(JsonNode value) {
        String s;
        if (value.isValueNode()) {
            s = value.asText();
        } else if (value.isObject()) {
            var keys = new ArrayList<String>();
            value.fieldNames().forEachRemaining(keys::add);
            s = "{" + String.join(", ", keys) + "}";
        } else {
            s = "[" + value.size() + (value.size() == 1 ? " item]" : " items]");
        }
        return s.length() <= SHOWN_CHARS ? s : s.substring(0, SHOWN_CHARS) + "…";
    }

    /** Optimal string alignment distance: edits, with a swap of neighbours counting as one. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
