package dev.openevolve.internal.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenEvolve's {@code fragments.json}: short phrases with {@code {name}} placeholders (a number may be written
 * {@code {name:.3f}}) that fill its templates' generated parts (improvement areas, attempt outcomes, program types).
 * The built-in phrases are overridden one by one by the template directory's {@code fragments.json}; a fragment name
 * this library does not use is ignored (OpenEvolve keeps phrases for features it has and this library lacks), a bad
 * placeholder is a problem naming the file. Immutable.
 */
final class Fragments {
    private static final Pattern TOKEN = Pattern.compile("\\{\\{|}}|\\{([a-z][a-z0-9_]*)(?::\\.(\\d)f)?}");
    private static final String FILE = "fragments.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fragments used here and the placeholders each may use. */
    static final Map<String, Set<String>> NAMES = Map.ofEntries(
            Map.entry("fitness_improved", Set.of("prev", "current")),
            Map.entry("fitness_declined", Set.of("prev", "current")),
            Map.entry("fitness_stable", Set.of("current")),
            Map.entry("exploring_region", Set.of("features")),
            Map.entry("no_feature_coordinates", Set.of()),
            Map.entry("code_too_long", Set.of("threshold")),
            Map.entry("no_specific_guidance", Set.of()),
            Map.entry("attempt_unknown_changes", Set.of()),
            Map.entry("attempt_all_metrics_improved", Set.of()),
            Map.entry("attempt_all_metrics_regressed", Set.of()),
            Map.entry("attempt_mixed_metrics", Set.of()),
            Map.entry("top_program_metrics_prefix", Set.of()),
            Map.entry("diverse_program_metrics_prefix", Set.of()),
            Map.entry("diverse_programs_title", Set.of()),
            Map.entry("inspiration_type_migrant", Set.of()),
            Map.entry("inspiration_type_score_high_performer", Set.of()),
            Map.entry("inspiration_type_score_alternative", Set.of()),
            Map.entry("inspiration_type_score_experimental", Set.of()),
            Map.entry("inspiration_type_score_exploratory", Set.of()),
            Map.entry("inspiration_metrics_excellent", Set.of("metric_name", "value")),
            Map.entry("inspiration_metrics_alternative", Set.of("metric_name")),
            Map.entry("inspiration_no_features_postfix", Set.of("program_type")));

    private final Map<String, String> phrases;

    private Fragments(Map<String, String> phrases) {
        this.phrases = Map.copyOf(phrases);
    }

    /** The built-in phrases overridden by {@code dir}'s {@code fragments.json} when it has one; problems are added. */
    static Fragments load(Path dir, List<String> problems) {
        Map<String, String> phrases = new HashMap<>();
        read(builtIn(), "built-in '" + FILE + "'", phrases, problems);
        if (dir != null && Files.isRegularFile(dir.resolve(FILE))) {
            Path file = dir.resolve(FILE);
            TemplateSet.read(file, problems).ifPresent(text -> read(text, "'" + file + "'", phrases, problems));
        }
        return new Fragments(phrases);
    }

    /** The phrase {@code name} with {@code values} filled in (numbers as given, or with the written decimals). */
    String get(String name, Map<String, Object> values) {
        String text = phrases.get(name);
        if (text == null) {
            throw new IllegalArgumentException("no prompt fragment named '" + name + "'");
        }
        Matcher m = TOKEN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) == null) {
                replacement = m.group().substring(1);
            } else {
                Object value = values.get(m.group(1));
                replacement = value instanceof Number n && m.group(2) != null
                        ? String.format(Locale.ROOT, "%." + m.group(2) + "f", n.doubleValue())
                        : value instanceof Double d ? Formats.number(d) : String.valueOf(value);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    String get(String name) {
        return get(name, Map.of());
    }

    private static void read(String json, String origin, Map<String, String> into, List<String> problems) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            problems.add("prompt fragments " + origin + " are not valid JSON: " + e.getOriginalMessage());
            return;
        }
        if (root == null || !root.isObject()) {
            problems.add("prompt fragments " + origin + " must be a JSON object of fragment names to text");
            return;
        }
        for (var field : root.properties()) {
            Set<String> allowed = NAMES.get(field.getKey());
            if (allowed == null) {
                continue;
            }
            if (!field.getValue().isTextual()) {
                problems.add("prompt fragment '" + field.getKey() + "' of " + origin + " must be text");
                continue;
            }
            String text = field.getValue().asText();
            Matcher m = TOKEN.matcher(text);
            boolean valid = true;
            while (m.find()) {
                if (m.group(1) != null && !allowed.contains(m.group(1))) {
                    problems.add("prompt fragment '" + field.getKey() + "' of " + origin + " uses unknown placeholder {"
                            + m.group(1) + "}; it may use " + (allowed.isEmpty() ? "none"
                            : String.join(", ", new TreeSet<>(allowed).stream().map(n -> "{" + n + "}").toList())));
                    valid = false;
                }
            }
            if (valid) {
                into.put(field.getKey(), text);
            }
        }
    }

    private static String builtIn() {
        try (InputStream in = Fragments.class.getResourceAsStream("/dev/openevolve/prompt/" + FILE)) {
            if (in == null) {
                throw new IllegalStateException("built-in prompt fragments are missing from the class path; the "
                        + "openevolve-core jar is incomplete");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in prompt fragments", e);
        }
    }
}
