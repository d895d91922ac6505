package dev.openevolve.internal.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The prompt templates: built-in classpath resources, each replaceable by a file of the same name in a
 * template directory. Two vocabularies share the directory: this library's file names ({@code system.txt},
 * {@code program.txt}, …) and OpenEvolve's ({@code system_message.txt}, {@code evolution_history.txt},
 * {@code previous_attempt.txt}, {@code top_program.txt}, {@code inspirations_section.txt},
 * {@code inspiration_program.txt}, the changes-description templates and {@code fragments.json}, read by
 * {@link Fragments}); {@code diff_user.txt} and {@code full_rewrite_user.txt} accept the placeholders of both. A
 * template missing from the directory falls back to the built-in one. Files that are neither templates nor
 * {@code fragments.json} (a README, say) are left alone, as OpenEvolve does; a {@code .txt} file with another name is
 * a problem unless the system message names it. Every problem (unknown file, bad placeholder, unreadable file) is
 * collected and reported at once. Immutable.
 */
final class TemplateSet {
    static final String SYSTEM = "system.txt";
    static final String DIFF_USER = "diff_user.txt";
    static final String FULL_REWRITE_USER = "full_rewrite_user.txt";
    static final String PROGRAM = "program.txt";
    static final String TOP_PROGRAMS = "top_programs.txt";
    static final String INSPIRATIONS = "inspirations.txt";
    static final String ARTIFACTS = "artifacts.txt";
    static final String PROBLEMS = "problems.txt";
    static final String HISTORY = "history.txt";
    static final String CODEBASE_CONTEXT = "codebase_context.txt";

    /** OpenEvolve's templates. */
    static final String OE_SYSTEM_MESSAGE = "system_message.txt";
    static final String OE_EVOLUTION_HISTORY = "evolution_history.txt";
    static final String OE_PREVIOUS_ATTEMPT = "previous_attempt.txt";
    static final String OE_TOP_PROGRAM = "top_program.txt";
    static final String OE_INSPIRATIONS_SECTION = "inspirations_section.txt";
    static final String OE_INSPIRATION_PROGRAM = "inspiration_program.txt";
    static final String OE_CHANGES_INSTRUCTIONS = "system_message_changes_description.txt";
    static final String OE_SYSTEM_WITH_CHANGES = "system_message_with_changes_description.txt";
    static final String OE_USER_WITH_CHANGES = "user_message_with_changes_description.txt";

    private static final String RESOURCE_DIR = "/dev/openevolve/prompt/";
    private static final Set<String> USER_PLACEHOLDERS = Set.of("fitness", "metrics", "language", "parent_code",
            "parent_id", "history", "artifacts", "problems", "top_programs", "inspirations", "codebase_context",
            "evolve_rule", "iteration",
            // OpenEvolve's user-message placeholders
            "current_program", "fitness_score", "feature_coords", "feature_dimensions", "improvement_areas",
            "evolution_history");
    private static final Set<String> CODE_PLACEHOLDERS = Set.of("parent_code", "current_program");

    /**
     * The placeholders a template may use and must use ({@code oneOf}: at least one of them), whether a built-in
     * version exists, and whether the text is used as written (OpenEvolve does not format its system messages).
     */
    private record Spec(Set<String> allowed, Set<String> required, Set<String> oneOf, boolean builtIn,
                        boolean literal) {
        static Spec of(Set<String> allowed, Set<String> required) {
            return new Spec(allowed, required, Set.of(), true, false);
        }
    }

    private static final Map<String, Spec> SPECS = Map.ofEntries(
            Map.entry(SYSTEM, Spec.of(Set.of("system_message", "language"), Set.of())),
            Map.entry(DIFF_USER, new Spec(USER_PLACEHOLDERS, Set.of(), CODE_PLACEHOLDERS, true, false)),
            Map.entry(FULL_REWRITE_USER, new Spec(USER_PLACEHOLDERS, Set.of(), CODE_PLACEHOLDERS, true, false)),
            Map.entry(PROGRAM, Spec.of(Set.of("title", "id", "fitness", "metrics", "changes", "language", "code",
                    "generation", "iteration"), Set.of("code"))),
            Map.entry(TOP_PROGRAMS, Spec.of(Set.of("programs"), Set.of("programs"))),
            Map.entry(INSPIRATIONS, Spec.of(Set.of("programs"), Set.of("programs"))),
            Map.entry(ARTIFACTS, Spec.of(Set.of("artifacts"), Set.of("artifacts"))),
            Map.entry(PROBLEMS, Spec.of(Set.of("problems"), Set.of("problems"))),
            Map.entry(HISTORY, Spec.of(Set.of("changes"), Set.of("changes"))),
            Map.entry(CODEBASE_CONTEXT, Spec.of(Set.of("context"), Set.of("context"))),
            Map.entry(OE_SYSTEM_MESSAGE, new Spec(Set.of(), Set.of(), Set.of(), false, true)),
            Map.entry(OE_EVOLUTION_HISTORY, Spec.of(Set.of("previous_attempts", "top_programs",
                    "inspirations_section"), Set.of())),
            Map.entry(OE_PREVIOUS_ATTEMPT, Spec.of(Set.of("attempt_number", "changes", "performance", "outcome"),
                    Set.of())),
            Map.entry(OE_TOP_PROGRAM, Spec.of(Set.of("program_number", "score", "language", "program_snippet",
                    "key_features"), Set.of())),
            Map.entry(OE_INSPIRATIONS_SECTION, Spec.of(Set.of("inspiration_programs"), Set.of())),
            Map.entry(OE_INSPIRATION_PROGRAM, Spec.of(Set.of("program_number", "score", "program_type", "language",
                    "program_snippet", "unique_features"), Set.of())),
            Map.entry(OE_CHANGES_INSTRUCTIONS, new Spec(Set.of(), Set.of(), Set.of(), true, true)),
            Map.entry(OE_SYSTEM_WITH_CHANGES, Spec.of(Set.of("system_message", "system_message_changes_description"),
                    Set.of("system_message"))),
            Map.entry(OE_USER_WITH_CHANGES, Spec.of(Set.of("user_message", "changes_description"),
                    Set.of("user_message", "changes_description"))),
            // OpenEvolve's LLM-feedback templates: accepted, unused (evaluator.use_llm_feedback is not implemented)
            Map.entry("evaluator_system_message.txt", new Spec(Set.of(), Set.of(), Set.of(), false, true)),
            Map.entry("evaluation.txt", new Spec(Set.of(), Set.of(), Set.of(), false, true)));

    private final Map<String, Template> templates;
    private final Fragments fragments;

    private TemplateSet(Map<String, Template> templates, Fragments fragments) {
        this.templates = Map.copyOf(templates);
        this.fragments = fragments;
    }

    /**
     * The built-in templates, overridden by the files of {@code overrideDir} when it is not {@code null}.
     *
     * @param namedSystemMessage a file name ({@code <name>.txt}) the configured system message names, or
     *                           {@code null}: a file of that name in the directory is then read as written
     * @throws PromptTemplateException listing every problem, each naming its file
     */
    static TemplateSet load(Path overrideDir, String namedSystemMessage) {
        List<String> problems = new ArrayList<>();
        Map<String, Template> templates = new HashMap<>();
        Map<String, Path> overrides = overrideDir == null ? Map.of()
                : overrides(overrideDir, namedSystemMessage, problems);
        for (var e : new TreeMap<>(SPECS).entrySet()) {
            String name = e.getKey();
            Spec spec = e.getValue();
            Path file = overrides.get(name);
            if (file != null) {
                read(file, problems).ifPresent(text -> templates.put(name, parse("'" + file + "'", text, spec,
                        problems)));
            } else if (spec.builtIn()) {
                templates.put(name, parse("built-in '" + name + "'", builtIn(name), spec, problems));
            }
        }
        if (namedSystemMessage != null && overrides.containsKey(namedSystemMessage)
                && !SPECS.containsKey(namedSystemMessage)) {
            Path file = overrides.get(namedSystemMessage);
            read(file, problems).ifPresent(text -> templates.put(namedSystemMessage,
                    Template.literal("'" + file + "'", text)));
        }
        Fragments fragments = Fragments.load(overrideDir, problems);
        if (!problems.isEmpty()) {
            throw new PromptTemplateException(problems);
        }
        return new TemplateSet(templates, fragments);
    }

    private static Template parse(String origin, String text, Spec spec, List<String> problems) {
        if (spec.literal()) {
            return Template.literal(origin, text);
        }
        Template t = Template.parse(origin, text, spec.allowed(), spec.required(), problems);
        if (!spec.oneOf().isEmpty() && spec.oneOf().stream().noneMatch(t::uses)) {
            problems.add("prompt template " + origin + " lacks the program: it must use one of "
                    + String.join(" or ", new TreeSet<>(spec.oneOf()).stream().map(n -> "{" + n + "}").toList()));
        }
        return t;
    }

    /** Whether {@code fileName} is the name of one of the templates this set knows (ours or OpenEvolve's). */
    static boolean isBuiltInName(String fileName) {
        return SPECS.containsKey(fileName);
    }

    /** The template named {@code name}, if the set has it (a template without a built-in version may be absent). */
    Optional<Template> find(String name) {
        return Optional.ofNullable(templates.get(name));
    }

    /** The short phrases of OpenEvolve's {@code fragments.json}. */
    Fragments fragments() {
        return fragments;
    }

    /** The template named {@code name} (one of the constants of this class). */
    Template get(String name) {
        Template t = templates.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no prompt template named '" + name + "'");
        }
        return t;
    }

    private static Map<String, Path> overrides(Path dir, String namedSystemMessage, List<String> problems) {
        if (!Files.isDirectory(dir)) {
            problems.add("prompt template directory '" + dir + "' " + (Files.exists(dir) ? "is not a directory" : "does not exist"));
            return Map.of();
        }
        Map<String, Path> found = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.sorted().forEach(f -> {
                String name = f.getFileName().toString();
                if (name.startsWith(".") || Files.isDirectory(f) || !name.endsWith(".txt")) {
                    return;   // fragments.json is read by Fragments; other files are not templates
                }
                if (SPECS.containsKey(name) || name.equals(namedSystemMessage)) {
                    found.put(name, f);
                } else {
                    problems.add("unknown prompt template file '" + f + "'; template names are "
                            + String.join(", ", new TreeMap<>(SPECS).keySet())
                            + " (another .txt file is used only as the system message that prompt.system_message"
                            + " names)");
                }
            });
        } catch (IOException e) {
            problems.add("prompt template directory '" + dir + "' cannot be listed: " + e.getMessage());
        }
        return found;
    }

    static Optional<String> read(Path file, List<String> problems) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            problems.add("prompt template '" + file + "' is not valid UTF-8");
        } catch (IOException e) {
            problems.add("prompt template '" + file + "' cannot be read: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static String builtIn(String name) {
        try (InputStream in = TemplateSet.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("built-in prompt template " + RESOURCE_DIR + name
                        + " is missing from the class path; the openevolve-core jar is incomplete");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in prompt template " + RESOURCE_DIR + name, e);
        }
    }
}
