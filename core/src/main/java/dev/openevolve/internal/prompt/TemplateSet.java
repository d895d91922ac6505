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
import java.util.stream.Stream;

/**
 * The prompt templates: built-in classpath resources, each replaceable by a file of the same name in a
 * template directory. Every problem (unknown file, bad placeholder, unreadable file) is collected and
 * reported at once. Immutable.
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

    private static final String RESOURCE_DIR = "/dev/openevolve/prompt/";
    private static final Set<String> USER_PLACEHOLDERS = Set.of("fitness", "metrics", "language", "parent_code",
            "parent_id", "history", "artifacts", "problems", "top_programs", "inspirations", "codebase_context",
            "evolve_rule", "iteration");

    /** Allowed and required placeholders of one template. */
    private record Spec(Set<String> allowed, Set<String> required) {
    }

    private static final Map<String, Spec> SPECS = Map.of(
            SYSTEM, new Spec(Set.of("system_message", "language"), Set.of()),
            DIFF_USER, new Spec(USER_PLACEHOLDERS, Set.of("parent_code")),
            FULL_REWRITE_USER, new Spec(USER_PLACEHOLDERS, Set.of("parent_code")),
            PROGRAM, new Spec(Set.of("title", "id", "fitness", "metrics", "changes", "language", "code", "generation",
                    "iteration"), Set.of("code")),
            TOP_PROGRAMS, new Spec(Set.of("programs"), Set.of("programs")),
            INSPIRATIONS, new Spec(Set.of("programs"), Set.of("programs")),
            ARTIFACTS, new Spec(Set.of("artifacts"), Set.of("artifacts")),
            PROBLEMS, new Spec(Set.of("problems"), Set.of("problems")),
            HISTORY, new Spec(Set.of("changes"), Set.of("changes")),
            CODEBASE_CONTEXT, new Spec(Set.of("context"), Set.of("context")));

    private final Map<String, Template> templates;

    private TemplateSet(Map<String, Template> templates) {
        this.templates = Map.copyOf(templates);
    }

    /**
     * The built-in templates, overridden by the files of {@code overrideDir} when it is not {@code null}.
     *
     * @throws PromptTemplateException listing every problem, each naming its file
     */
    static TemplateSet load(Path overrideDir) {
        List<String> problems = new ArrayList<>();
        Map<String, Template> templates = new HashMap<>();
        Map<String, Path> overrides = overrideDir == null ? Map.of() : overrides(overrideDir, problems);
        for (var e : new TreeMap<>(SPECS).entrySet()) {
            String name = e.getKey();
            Spec spec = e.getValue();
            Path file = overrides.get(name);
            if (file != null) {
                read(file, problems).ifPresent(text -> templates.put(name,
                        Template.parse("'" + file + "'", text, spec.allowed(), spec.required(), problems)));
            } else {
                templates.put(name, Template.parse("built-in '" + name + "'", builtIn(name), spec.allowed(),
                        spec.required(), problems));
            }
        }
        if (!problems.isEmpty()) {
            throw new PromptTemplateException(problems);
        }
        return new TemplateSet(templates);
    }

    /** The template named {@code name} (one of the constants of this class). */
    Template get(String name) {
        Template t = templates.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no prompt template named '" + name + "'");
        }
        return t;
    }

    private static Map<String, Path> overrides(Path dir, List<String> problems) {
        if (!Files.isDirectory(dir)) {
            problems.add("prompt template directory '" + dir + "' " + (Files.exists(dir) ? "is not a directory" : "does not exist"));
            return Map.of();
        }
        Map<String, Path> found = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.sorted().forEach(f -> {
                String name = f.getFileName().toString();
                if (name.startsWith(".") || Files.isDirectory(f)) {
                    return;
                }
                if (SPECS.containsKey(name)) {
                    found.put(name, f);
                } else {
                    problems.add("unknown prompt template file '" + f + "'; template names are "
                            + String.join(", ", new TreeMap<>(SPECS).keySet()));
                }
            });
        } catch (IOException e) {
            problems.add("prompt template directory '" + dir + "' cannot be listed: " + e.getMessage());
        }
        return found;
    }

    private static Optional<String> read(Path file, List<String> problems) {
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
