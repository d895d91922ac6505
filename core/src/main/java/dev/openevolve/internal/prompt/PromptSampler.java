package dev.openevolve.internal.prompt;

import dev.openevolve.config.PromptConfig;
import dev.openevolve.internal.diff.EvolveBlockException;
import dev.openevolve.internal.diff.EvolveBlocks;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.Prompt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Builds the prompt for one evolution step: the parent's code and metrics, its evaluator artifacts
 * (truncated to {@link PromptConfig#maxArtifactChars()} when {@link PromptConfig#includeArtifacts()}), up to
 * {@link PromptConfig#numTopPrograms()} top programs and {@link PromptConfig#numDiversePrograms()} inspirations
 * with their metrics (code longer than {@value #MAX_PROGRAM_CHARS} characters is truncated), the problems of
 * the previous attempt, the change that produced the parent, optional codebase context, and the instruction
 * for diff mode (the exact SEARCH/REPLACE format, changes only inside EVOLVE blocks) or full-rewrite mode.
 *
 * <p>Templates are the built-in classpath resources {@code dev/openevolve/prompt/*.txt} with {@code {name}}
 * placeholders ({@code {{} and {@code }}} for literal braces); a file of the same name in
 * {@link PromptConfig#templateDir()} replaces the built-in one. The directory may be laid out as OpenEvolve's:
 * its {@code system_message.txt} (used when the configured system message is left at its default or names it),
 * {@code diff_user.txt}/{@code full_rewrite_user.txt} with OpenEvolve's placeholders ({@code {current_program}},
 * {@code {evolution_history}}, {@code {improvement_areas}}, …), the history templates and {@code fragments.json};
 * a configured system message that names a {@code .txt} file of the directory uses that file. Templates are loaded
 * and checked once, by the constructor.
 *
 * <p>In OpenEvolve's changes-description mode ({@link PromptConfig#programsAsChangesDescription()}) other programs
 * are shown by their changes description ({@link #CHANGES_DESCRIPTION} artifact) instead of their code, the system
 * message gains the mode's instructions and the user message the parent's description to update. Immutable and
 * thread safe.
 */
public final class PromptSampler {

    /** The most characters of code shown for each top program or inspiration. */
    public static final int MAX_PROGRAM_CHARS = 4000;

    /**
     * The artifact holding a program's changes description in changes-description mode (OpenEvolve's
     * {@code Program.changes_description}); never shown as evaluator output.
     */
    public static final String CHANGES_DESCRIPTION = "changes_description";

    private static final java.util.regex.Pattern TEMPLATE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_]+");

    private final PromptConfig config;
    private final TemplateSet templates;
    private final OpenEvolveSections openEvolve;
    private final String systemMessage;

    /**
     * A sampler for {@code config}.
     *
     * @throws IllegalArgumentException when a count or limit of {@code config} is negative
     * @throws PromptTemplateException  listing every template problem (unknown file in the template directory,
     *                                  unknown or missing placeholder, unreadable file), each naming its file
     */
    public PromptSampler(PromptConfig config) {
        this(config, List.of());
    }

    /**
     * A sampler for {@code config} whose MAP-Elites grid has {@code featureDimensions} (shown by OpenEvolve's
     * {@code {feature_dimensions}} and {@code {feature_coords}} placeholders).
     *
     * @throws IllegalArgumentException when a count or limit of {@code config} is negative
     * @throws PromptTemplateException  listing every template problem, each naming its file
     */
    public PromptSampler(PromptConfig config, List<String> featureDimensions) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(featureDimensions, "featureDimensions");
        requireNotNegative("numTopPrograms", config.numTopPrograms());
        requireNotNegative("numDiversePrograms", config.numDiversePrograms());
        requireNotNegative("maxArtifactChars", config.maxArtifactChars());
        String named = TEMPLATE_NAME.matcher(config.systemMessage()).matches() ? config.systemMessage() + ".txt"
                : null;
        this.templates = TemplateSet.load(config.templateDir(), named);
        this.openEvolve = new OpenEvolveSections(templates, featureDimensions, config.numTopPrograms());
        this.systemMessage = systemMessage(config, named, templates);
    }

    /**
     * OpenEvolve takes a system message that names a template as that template; its own file
     * {@code system_message.txt} is also used when the configuration leaves the system message at its default.
     */
    private static String systemMessage(PromptConfig config, String named, TemplateSet templates) {
        Map<String, String> none = Map.of();
        boolean systemFile = named != null
                && (named.equals(TemplateSet.OE_SYSTEM_MESSAGE) || !TemplateSet.isBuiltInName(named));
        if (systemFile && templates.find(named).isPresent()) {
            return templates.find(named).get().render(none).strip();
        }
        if (TemplateSet.OE_SYSTEM_MESSAGE.equals(named)) {
            return PromptConfig.defaults().systemMessage();
        }
        if (config.systemMessage().equals(PromptConfig.defaults().systemMessage())) {
            return templates.find(TemplateSet.OE_SYSTEM_MESSAGE).map(t -> t.render(none).strip())
                    .orElse(config.systemMessage());
        }
        return config.systemMessage();
    }

    /**
     * A program's changes description: its {@link #CHANGES_DESCRIPTION} artifact, else {@code initial}.
     */
    public static String changesDescriptionOf(Program program, String initial) {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(initial, "initial");
        return program.artifacts().getOrDefault(CHANGES_DESCRIPTION, initial);
    }

    /** The prompt for {@code request}; {@link Prompt#currentProgram()} is the parent's code, the seed the request's. */
    public Prompt build(PromptRequest request) {
        Objects.requireNonNull(request, "request");
        Program parent = request.parent();
        String language = request.language();

        Map<String, String> values = new HashMap<>();
        values.put("fitness", parent.metrics().isEmpty() ? "unknown" : Formats.number(parent.fitness()));
        values.put("metrics", Formats.metricLines(parent.metrics()));
        values.put("language", language);
        values.put("parent_code", Formats.chomp(parent.code()));
        values.put("parent_id", parent.id());
        values.put("iteration", Long.toString(request.iteration()));
        values.put("evolve_rule", evolveRule(parent.code()));
        values.put("history", section(TemplateSet.HISTORY, "changes", parent.changes().strip()));
        var evaluatorArtifacts = new TreeMap<>(parent.artifacts());
        evaluatorArtifacts.remove(CHANGES_DESCRIPTION);
        values.put("artifacts", config.includeArtifacts()
                ? section(TemplateSet.ARTIFACTS, "artifacts", artifacts(evaluatorArtifacts)) : "");
        values.put("problems", section(TemplateSet.PROBLEMS, "problems", bullets(request.previousProblems())));
        values.put("codebase_context", section(TemplateSet.CODEBASE_CONTEXT, "context", request.codebaseContext().strip()));

        Set<String> shown = new HashSet<>();
        shown.add(parent.id());
        List<Program> top = pick(request.topPrograms(), config.numTopPrograms(), shown);
        List<Program> inspirations = pick(request.inspirations(), config.numDiversePrograms(), shown);
        values.put("top_programs", section(TemplateSet.TOP_PROGRAMS, "programs", programs(top, "Top program", language)));
        values.put("inspirations", section(TemplateSet.INSPIRATIONS, "programs",
                programs(inspirations, "Inspiration", language)));

        Template userTemplate = templates.get(request.diffMode() ? TemplateSet.DIFF_USER
                : TemplateSet.FULL_REWRITE_USER);
        boolean described = config.programsAsChangesDescription();
        openEvolve.fill(userTemplate, request, top, inspirations, this::snippet, described ? "text" : language,
                values);
        String user = userTemplate.render(values);
        String system = Formats.chomp(templates.get(TemplateSet.SYSTEM)
                .render(Map.of("system_message", systemMessage, "language", language)));
        if (described) {
            String instructions = config.systemMessageChangesDescription().isBlank()
                    ? templates.get(TemplateSet.OE_CHANGES_INSTRUCTIONS).render(Map.of()).strip()
                    : config.systemMessageChangesDescription().strip();
            system = Formats.chomp(templates.get(TemplateSet.OE_SYSTEM_WITH_CHANGES).render(Map.of(
                    "system_message", system, "system_message_changes_description", instructions)));
            user = templates.get(TemplateSet.OE_USER_WITH_CHANGES).render(Map.of("user_message", user,
                    "changes_description", changesDescriptionOf(parent, config.initialChangesDescription()).strip()));
        }
        return new Prompt(system, user, parent.code(), request.seed());
    }

    /** What another program shows of itself: its code, or in changes-description mode its description. */
    private String snippet(Program p) {
        if (config.programsAsChangesDescription()) {
            String description = changesDescriptionOf(p, p.parentId() == null ? config.initialChangesDescription()
                    : "").strip();
            return description.isEmpty() ? "(no changes description)" : description;
        }
        return Formats.chomp(Formats.truncateLines(p.code(), MAX_PROGRAM_CHARS));
    }

    private String section(String template, String placeholder, String content) {
        return content.isEmpty() ? "" : templates.get(template).render(Map.of(placeholder, content));
    }

    /** Up to {@code limit} programs not shown yet, in the order given. */
    private static List<Program> pick(List<Program> candidates, int limit, Set<String> shown) {
        List<Program> picked = new ArrayList<>();
        for (Program p : candidates) {
            if (picked.size() >= limit) {
                break;
            }
            if (shown.add(p.id())) {
                picked.add(p);
            }
        }
        return picked;
    }

    private String programs(List<Program> programs, String kind, String language) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < programs.size(); i++) {
            Program p = programs.get(i);
            Map<String, String> v = new HashMap<>();
            v.put("title", kind + " " + (i + 1) + " (id " + p.id() + ", generation " + p.generation() + ")");
            v.put("id", p.id());
            v.put("fitness", p.metrics().isEmpty() ? "unknown" : Formats.number(p.fitness()));
            v.put("metrics", Formats.metricsInline(p.metrics()));
            v.put("changes", p.changes().isBlank() ? "(initial program)" : p.changes().strip());
            v.put("language", config.programsAsChangesDescription() ? "text" : language);
            v.put("code", snippet(p));
            v.put("generation", Integer.toString(p.generation()));
            v.put("iteration", Long.toString(p.iteration()));
            out.append(templates.get(TemplateSet.PROGRAM).render(v));
        }
        return Formats.chomp(out.toString());
    }

    /** The artifacts in name order, their text sharing a budget of {@code maxArtifactChars} characters. */
    private String artifacts(Map<String, String> artifacts) {
        if (artifacts.isEmpty()) {
            return "";
        }
        int budget = config.maxArtifactChars();
        StringBuilder out = new StringBuilder();
        List<String> omitted = new ArrayList<>();
        for (var e : new TreeMap<>(artifacts).entrySet()) {
            String text = Formats.chomp(e.getValue());
            if (budget <= 0) {
                omitted.add(e.getKey());
                continue;
            }
            String shown = Formats.truncate(text, budget);
            budget -= Math.min(text.length(), budget);
            out.append("### ").append(e.getKey()).append("\n```\n").append(shown).append("\n```\n");
        }
        if (!omitted.isEmpty()) {
            out.append("(").append(omitted.size()).append(" more artifact(s) left out for length: ")
                    .append(String.join(", ", omitted)).append(")\n");
        }
        return Formats.chomp(out.toString());
    }

    private static String bullets(List<String> items) {
        return items.stream().filter(s -> !s.isBlank()).map(s -> "- " + s.strip()).collect(Collectors.joining("\n"));
    }

    private static String evolveRule(String code) {
        if (!EvolveBlocks.hasMarkers(code)) {
            return "The whole program may change.";
        }
        try {
            return "Change only the lines between EVOLVE-BLOCK-START and EVOLVE-BLOCK-END ("
                    + EvolveBlocks.describe(EvolveBlocks.find(code))
                    + "); the marker lines and everything outside them must stay exactly as they are.";
        } catch (EvolveBlockException e) {
            return "The program's EVOLVE-BLOCK markers are malformed (" + e.getMessage()
                    + "), so no change can be applied.";
        }
    }

    private static void requireNotNegative(String key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("prompt setting " + key + " must not be negative but was " + value);
        }
    }
}
