package dev.openevolve.codegraph;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders a {@link CodeGraph} as text for a model's prompt, within a size budget: around a target definition
 * (its source, then its callers, the signatures of what it calls and the types it uses, nearest first), or as an
 * overview of the whole tree. Stateless and thread safe.
 */
public final class PromptContext {
    private static final String ELLIPSIS = "…";

    private PromptContext() {
    }

    /**
     * The context of {@code target} in at most {@code maxChars} characters: a heading, its source (cut with a note
     * when it alone would exceed the budget), then callers, callees and used types as far as the budget goes. For a
     * type the members count as the target too: callers of its methods and constructors are its callers.
     *
     * @throws IllegalArgumentException when {@code maxChars} is negative
     */
    public static String forDefinition(CodeGraph graph, Definition target, int maxChars) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(target, "target");
        requireBudget(maxChars);
        var out = new Budget(maxChars);
        out.line("Target: " + describe(target) + " (" + target.kind().name().toLowerCase(java.util.Locale.ROOT)
                + ", lines " + target.startLine() + "-" + target.endLine() + ")");
        List<String> source = source(graph, target);
        for (int i = 0; i < source.size(); i++) {
            String note = "    " + ELLIPSIS + " " + (source.size() - i) + " more lines";
            boolean last = i == source.size() - 1;
            if (!out.fits(source.get(i)) || (!last && !out.fitsBoth(source.get(i), note))) {
                out.line(note);
                break;
            }
            out.line(source.get(i));
        }
        Set<Definition> members = new LinkedHashSet<>();
        members.add(target);
        if (target.kind() == Definition.Kind.TYPE) {
            graph.file(target.file()).ifPresent(f -> f.definitions().stream()
                    .filter(d -> !d.equals(target) && d.container().equals(target.name())).forEach(members::add));
        }
        var callers = new LinkedHashMap<String, Definition>();
        var calleeTargets = new LinkedHashSet<Definition>();
        var unresolved = new TreeMap<String, Integer>();
        var types = new LinkedHashSet<Definition>();
        for (Definition m : members) {
            for (CallSite c : graph.callersOf(m)) {
                if (c.caller().map(members::contains).orElse(false)) {
                    continue;
                }
                String where = c.caller().map(PromptContext::describe).orElse(c.file()) + " at " + c.file() + ":"
                        + c.line() + " calls " + m.qualifiedName();
                callers.putIfAbsent(where, c.caller().orElse(null));
            }
            for (CallSite c : graph.callsFrom(m)) {
                if (c.target().isPresent()) {
                    if (!members.contains(c.target().get())) {
                        calleeTargets.add(c.target().get());
                    }
                } else {
                    unresolved.merge(c.receiver().isEmpty() ? c.callee() : c.receiver() + "." + c.callee(), 1,
                            Integer::sum);
                }
            }
            graph.typesUsedBy(m).stream().filter(t -> !members.contains(t)).forEach(types::add);
        }
        out.section("Called by", callers.keySet().stream().map(s -> "  " + s).toList());
        out.section("Calls", calleeTargets.stream().map(d -> "  " + d.signature() + "  [" + d.location() + "]").toList());
        out.section("Types used", types.stream().map(d -> "  " + d.signature() + "  [" + d.location() + "]").toList());
        out.section("Also calls (outside the tree or ambiguous)",
                unresolved.isEmpty() ? List.of() : List.of("  " + String.join(", ", unresolved.keySet())));
        return out.toString();
    }

    /**
     * An overview of the tree in at most {@code maxChars} characters: a summary line, every file with its language
     * and size when the list fits (else as many as fit and a count of the rest), then each file's definitions with
     * their signatures, lines and number of callers as far as the budget goes.
     *
     * @throws IllegalArgumentException when {@code maxChars} is negative
     */
    public static String overview(CodeGraph graph, int maxChars) {
        Objects.requireNonNull(graph, "graph");
        requireBudget(maxChars);
        List<SourceFile> files = graph.files();
        long resolved = graph.calls().stream().filter(c -> c.target().isPresent()).count();
        var languages = new TreeMap<String, Integer>();
        files.forEach(f -> languages.merge(f.language(), 1, Integer::sum));
        long lines = files.stream().mapToLong(SourceFile::lines).sum();
        String name = graph.root().getFileName() == null ? graph.root().toString() : graph.root().getFileName().toString();
        String title = "Code graph of " + name + ": " + files.size() + (files.size() == 1 ? " file" : " files") + ", "
                + lines + " lines " + languages + ", " + graph.definitions().size() + " definitions, "
                + graph.calls().size() + " calls (" + resolved + " resolved)";
        var headers = files.stream().map(PromptContext::header).toList();
        int listLength = title.length() + headers.stream().mapToInt(h -> h.length() + 1).sum();
        var out = new Budget(maxChars);
        out.line(title);
        if (listLength > maxChars) {
            for (int i = 0; i < headers.size(); i++) {
                String rest = ELLIPSIS + " " + (headers.size() - i) + " more files";
                if (!out.fitsBoth(headers.get(i), rest) && i < headers.size() - 1 || !out.fits(headers.get(i))) {
                    out.line(rest);
                    break;
                }
                out.line(headers.get(i));
            }
            return out.toString();
        }
        int declarationBudget = maxChars - listLength;
        var sb = new StringBuilder(title);
        for (int i = 0; i < files.size(); i++) {
            sb.append('\n').append(headers.get(i));
            for (Definition d : files.get(i).definitions()) {
                int callers = graph.callersOf(d).size();
                String line = (d.container().isEmpty() ? "  " : "    ") + d.signature() + "  :" + d.startLine()
                        + (callers > 0 ? "  (" + callers + (callers == 1 ? " caller)" : " callers)") : "");
                if (line.length() + 1 > declarationBudget) {
                    declarationBudget = 0;
                    break;
                }
                sb.append('\n').append(line);
                declarationBudget -= line.length() + 1;
            }
        }
        return sb.toString();
    }

    private static String header(SourceFile f) {
        String status = switch (f.status()) {
            case PARSED -> "";
            case PARSED_WITH_ERRORS -> ", syntax errors";
            case TOO_LARGE -> ", too large, not parsed";
            case BINARY -> ", binary, not parsed";
            case UNREADABLE -> ", unreadable";
        };
        return f.path() + " (" + f.language() + ", " + f.lines() + " lines" + status + ")";
    }

    private static String describe(Definition d) {
        return d.qualifiedName() + " [" + d.location() + "]";
    }

    private static List<String> source(CodeGraph graph, Definition d) {
        try {
            List<String> lines = Files.readAllLines(graph.root().resolve(d.file()));
            if (d.endLine() > lines.size()) {
                return List.of();
            }
            return new ArrayList<>(lines.subList(d.startLine() - 1, d.endLine()));
        } catch (IOException | RuntimeException e) {
            return List.of("    (source unavailable: " + e.getClass().getSimpleName() + ")");
        }
    }

    private static void requireBudget(int maxChars) {
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars must be at least 0 but was '" + maxChars + "'");
        }
    }

    /** Appends lines while they fit in the budget. */
    private static final class Budget {
        private final int max;
        private final StringBuilder sb = new StringBuilder();
        private boolean full;

        Budget(int max) {
            this.max = max;
        }

        boolean fits(String line) {
            return sb.length() + (sb.length() == 0 ? 0 : 1) + line.length() <= max;
        }

        boolean fitsBoth(String line, String after) {
            return sb.length() + (sb.length() == 0 ? 0 : 1) + line.length() + 1 + after.length() <= max;
        }

        void line(String line) {
            if (fits(line)) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(line);
            } else if (sb.length() == 0) {
                sb.append(line, 0, Math.min(line.length(), max));
            }
        }

        /** Adds a heading and as many of its lines as fit; once one section is cut, later ones are left out. */
        void section(String heading, List<String> lines) {
            if (full || lines.isEmpty()) {
                return;
            }
            if (!fitsBoth(heading + ":", lines.get(0))) {
                full = true;
                return;
            }
            line(heading + ":");
            for (String l : lines) {
                if (!fits(l)) {
                    full = true;
                    return;
                }
                line(l);
            }
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
