package dev.openevolve.internal.prompt;

import dev.openevolve.spi.Program;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The values of OpenEvolve's user-message placeholders ({@code {current_program}}, {@code {fitness_score}},
 * {@code {feature_coords}}, {@code {feature_dimensions}}, {@code {improvement_areas}},
 * {@code {evolution_history}}), rendered with its templates ({@code evolution_history.txt},
 * {@code previous_attempt.txt}, {@code top_program.txt}, {@code inspirations_section.txt},
 * {@code inspiration_program.txt}) and phrases ({@code fragments.json}), after OpenEvolve's prompt sampler. Only the
 * placeholders the user template uses are computed. Immutable and thread safe.
 */
final class OpenEvolveSections {
    /** OpenEvolve's default {@code suggest_simplification_after_chars}. */
    static final int SIMPLIFY_AFTER_CHARS = 500;

    private final TemplateSet templates;
    private final List<String> featureDimensions;
    private final int numTopPrograms;

    OpenEvolveSections(TemplateSet templates, List<String> featureDimensions, int numTopPrograms) {
        this.templates = templates;
        this.featureDimensions = List.copyOf(featureDimensions);
        this.numTopPrograms = numTopPrograms;
    }

    /**
     * Adds the values {@code user} uses to {@code values}.
     *
     * @param top          the top programs shown, best first
     * @param inspirations the inspirations shown
     * @param snippet      what a program shows of itself: its code, or its changes description
     * @param language     the code fence language of snippets
     */
    void fill(Template user, PromptRequest request, List<Program> top, List<Program> inspirations,
              Function<Program, String> snippet, String language, Map<String, String> values) {
        Program parent = request.parent();
        Fragments fragments = templates.fragments();
        if (user.uses("current_program")) {
            values.put("current_program", Formats.chomp(parent.code()));
        }
        if (user.uses("fitness_score")) {
            values.put("fitness_score", fixed(parent.metrics().isEmpty() ? 0 : parent.fitness()));
        }
        String coords = featureCoords(parent);
        values.put("feature_coords", coords);
        values.put("feature_dimensions", featureDimensions.isEmpty() ? "None" : String.join(", ", featureDimensions));
        if (user.uses("improvement_areas")) {
            var areas = new ArrayList<String>();
            if (!top.isEmpty() && !parent.metrics().isEmpty()) {
                double previous = top.get(top.size() - 1).fitness();
                double current = parent.fitness();
                Map<String, Object> v = Map.of("prev", previous, "current", current);
                areas.add(Math.abs(current - previous) < 1e-6 ? fragments.get("fitness_stable", v)
                        : fragments.get(current > previous ? "fitness_improved" : "fitness_declined", v));
            }
            if (!featureDimensions.isEmpty()) {
                areas.add(coords.isEmpty() ? fragments.get("no_feature_coordinates")
                        : fragments.get("exploring_region", Map.of("features", coords)));
            }
            if (parent.code().length() > SIMPLIFY_AFTER_CHARS) {
                areas.add(fragments.get("code_too_long", Map.of("threshold", SIMPLIFY_AFTER_CHARS)));
            }
            if (areas.isEmpty()) {
                areas.add(fragments.get("no_specific_guidance"));
            }
            values.put("improvement_areas", String.join("\n", areas.stream().map(a -> "- " + a).toList()));
        }
        if (user.uses("evolution_history")) {
            Map<String, Program> known = new HashMap<>();
            known.put(parent.id(), parent);
            top.forEach(p -> known.put(p.id(), p));
            inspirations.forEach(p -> known.put(p.id(), p));
            values.put("evolution_history", template(TemplateSet.OE_EVOLUTION_HISTORY).render(Map.of(
                    "previous_attempts", previousAttempts(top, known),
                    "top_programs", topPrograms(top, snippet, language),
                    "inspirations_section", inspirationsSection(inspirations, snippet, language))));
        }
    }

    private String previousAttempts(List<Program> top, Map<String, Program> known) {
        Fragments fragments = templates.fragments();
        var out = new StringBuilder();
        for (int i = top.size() - 1; i >= 0; i--) {
            Program p = top.get(i);
            Program parent = p.parentId() == null ? null : known.get(p.parentId());
            String outcome = fragments.get("attempt_mixed_metrics");
            if (parent != null && !p.metrics().isEmpty()) {
                boolean allBetter = p.metrics().entrySet().stream()
                        .allMatch(e -> e.getValue() > parent.metrics().getOrDefault(e.getKey(), 0.0));
                boolean allWorse = p.metrics().entrySet().stream()
                        .allMatch(e -> e.getValue() < parent.metrics().getOrDefault(e.getKey(), 0.0));
                outcome = allBetter ? fragments.get("attempt_all_metrics_improved")
                        : allWorse ? fragments.get("attempt_all_metrics_regressed") : outcome;
            }
            out.append(template(TemplateSet.OE_PREVIOUS_ATTEMPT).render(Map.of(
                    "attempt_number", Integer.toString(i + 1),
                    "changes", p.changes().isBlank() ? fragments.get("attempt_unknown_changes") : p.changes().strip(),
                    "performance", performance(p.metrics()),
                    "outcome", outcome)).stripTrailing()).append("\n\n");
        }
        return out.toString().strip();
    }

    private String topPrograms(List<Program> top, Function<Program, String> snippet, String language) {
        String prefix = templates.fragments().get("top_program_metrics_prefix");
        var out = new StringBuilder();
        for (int i = 0; i < top.size(); i++) {
            Program p = top.get(i);
            var features = new ArrayList<String>();
            new TreeMap<>(p.metrics()).forEach((k, v) -> features.add(prefix + " " + k + " (" + fixed(v) + ")"));
            out.append(template(TemplateSet.OE_TOP_PROGRAM).render(Map.of(
                    "program_number", Integer.toString(i + 1),
                    "score", fixed(p.fitness()),
                    "language", language,
                    "program_snippet", snippet.apply(p),
                    "key_features", String.join(", ", features))).stripTrailing()).append("\n\n");
        }
        return out.toString().strip();
    }

    private String inspirationsSection(List<Program> inspirations, Function<Program, String> snippet,
                                       String language) {
        if (inspirations.isEmpty()) {
            return "";
        }
        var out = new StringBuilder();
        for (int i = 0; i < inspirations.size(); i++) {
            Program p = inspirations.get(i);
            String type = programType(p);
            out.append(template(TemplateSet.OE_INSPIRATION_PROGRAM).render(Map.of(
                    "program_number", Integer.toString(i + 1),
                    "score", fixed(p.fitness()),
                    "program_type", type,
                    "language", language,
                    "program_snippet", snippet.apply(p),
                    "unique_features", uniqueFeatures(p, type))).stripTrailing()).append("\n\n");
        }
        return template(TemplateSet.OE_INSPIRATIONS_SECTION).render(Map.of("inspiration_programs",
                out.toString().strip()));
    }

    private String programType(Program p) {
        Fragments f = templates.fragments();
        if (p.id().contains("@")) {
            return f.get("inspiration_type_migrant");
        }
        double score = p.fitness();
        return f.get(score >= 0.8 ? "inspiration_type_score_high_performer"
                : score >= 0.6 ? "inspiration_type_score_alternative"
                : score >= 0.4 ? "inspiration_type_score_experimental" : "inspiration_type_score_exploratory");
    }

    private String uniqueFeatures(Program p, String type) {
        Fragments f = templates.fragments();
        var features = new ArrayList<String>();
        new TreeMap<>(p.metrics()).forEach((name, value) -> {
            if (value >= 0.9) {
                features.add(f.get("inspiration_metrics_excellent", Map.of("metric_name", name, "value", value)));
            } else if (value <= 0.3) {
                features.add(f.get("inspiration_metrics_alternative", Map.of("metric_name", name)));
            }
        });
        if (features.isEmpty()) {
            features.add(f.get("inspiration_no_features_postfix", Map.of("program_type", type)));
        }
        return String.join(", ", features.subList(0, Math.min(features.size(), Math.max(1, numTopPrograms))));
    }

    private String featureCoords(Program p) {
        var parts = new ArrayList<String>();
        for (String d : featureDimensions) {
            Double v = p.metrics().get(d);
            if (v != null) {
                parts.add(d + "=" + fixed(v));
            }
        }
        return String.join(", ", parts);
    }

    private Template template(String name) {
        return templates.find(name).orElseThrow();
    }

    private static String performance(Map<String, Double> metrics) {
        var parts = new ArrayList<String>();
        new TreeMap<>(metrics).forEach((k, v) -> parts.add(k + ": " + fixed(v)));
        return String.join(", ", parts);
    }

    private static String fixed(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
