package dev.openevolve.codegraph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * A snapshot of a source tree as a graph: files, their definitions and imports, call sites resolved to
 * definitions, and the reverse edges (callers). Made by {@link CodeGraphIndexer}.
 *
 * <p>A call resolves when exactly one definition of its name is visible from it, looking first in the caller's
 * own type, then its file, then (for a receiver that names an import or a type) that module or type, then the
 * files of the caller's directory and of its imports. A name that is defined nowhere in the tree (a library call)
 * or that several visible definitions share stays unresolved, with the number of candidates. This is name
 * resolution, not type inference: {@code list.add(x)} resolves to an {@code add} of the tree when that is the only
 * visible one.
 *
 * <p>Immutable and thread safe.
 */
public final class CodeGraph {
    private final Path root;
    private final Parts parts;
    private final Map<String, ParsedFile> files;
    /** Made on first use (an update does not need them); racing threads make equal lists. */
    private volatile List<Definition> definitions;
    private volatile List<CallSite> calls;

    /**
     * What a graph is made of, built by {@link GraphBuilder}; the graph never modifies it. The type names each
     * definition uses are in its file's {@link ParsedFile#typeRefs()}, and the calls inside a definition among its
     * file's calls.
     *
     * @param files       by path, in path order
     * @param byName      definitions by simple name, each list by file path then source order
     * @param directories each file's directory
     * @param modules     the files as import targets
     * @param callsByFile each file's calls in source order
     * @param callers     per definition, the calls resolved to it, by file then source order
     */
    record Parts(SortedMap<String, ParsedFile> files, ShardedMap<String, List<Definition>> byName,
                 Map<String, String> directories, ModuleIndex modules, ShardedMap<String, List<CallSite>> callsByFile,
                 ShardedMap<Definition, List<CallSite>> callers) {
    }

    CodeGraph(Path root, Parts parts) {
        this.root = root;
        this.parts = parts;
        this.files = Collections.unmodifiableMap(parts.files());
    }

    static CodeGraph of(Path root, Map<String, ParsedFile> files) {
        return GraphBuilder.full(root, files);
    }

    /** The graph of {@code files}, re-resolving only what the files in {@code changedPaths} can affect. */
    static CodeGraph updated(CodeGraph previous, Map<String, ParsedFile> files, Set<String> changedPaths) {
        return GraphBuilder.incremental(previous, files, changedPaths);
    }

    Parts parts() {
        return parts;
    }

    Map<String, ParsedFile> parsedFiles() {
        return files;
    }

    /** The indexed directory. */
    public Path root() {
        return root;
    }

    /** Every listed file, in path order. */
    public List<SourceFile> files() {
        return files.values().stream().map(ParsedFile::file).toList();
    }

    /** The file at {@code path} ({@code /}-separated, below the root). */
    public Optional<SourceFile> file(String path) {
        return Optional.ofNullable(files.get(Objects.requireNonNull(path, "path"))).map(ParsedFile::file);
    }

    /** Every definition, by file path then source order. */
    public List<Definition> definitions() {
        List<Definition> out = definitions;
        if (out == null) {
            var all = new ArrayList<Definition>();
            parts.files().values().forEach(f -> all.addAll(f.file().definitions()));
            out = Collections.unmodifiableList(all);
            definitions = out;
        }
        return out;
    }

    /** The definitions named {@code name} (simple name), or those whose {@link Definition#qualifiedName()} it is. */
    public List<Definition> find(String name) {
        Objects.requireNonNull(name, "name");
        int dot = name.lastIndexOf('.');
        String simple = dot < 0 ? name : name.substring(dot + 1);
        return parts.byName().getOrDefault(simple, List.of()).stream()
                .filter(d -> dot < 0 || d.qualifiedName().equals(name) || d.qualifiedName().endsWith("." + name))
                .toList();
    }

    /** The innermost definition in {@code path} whose range holds {@code line}. */
    public Optional<Definition> definitionAt(String path, int line) {
        ParsedFile f = files.get(Objects.requireNonNull(path, "path"));
        if (f == null) {
            return Optional.empty();
        }
        Definition best = null;
        for (Definition d : f.file().definitions()) {
            if (d.contains(line) && (best == null || d.startLine() >= best.startLine())) {
                best = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every call site, by file then source order. */
    public List<CallSite> calls() {
        List<CallSite> out = calls;
        if (out == null) {
            var all = new ArrayList<CallSite>();
            parts.files().keySet().forEach(path -> all.addAll(parts.callsByFile().getOrDefault(path, List.of())));
            out = Collections.unmodifiableList(all);
            calls = out;
        }
        return out;
    }

    /** The call sites that resolve to {@code definition} (its callers). */
    public List<CallSite> callersOf(Definition definition) {
        return parts.callers().getOrDefault(Objects.requireNonNull(definition, "definition"), List.of());
    }

    /** The call sites inside {@code definition} (innermost), resolved or not. */
    public List<CallSite> callsFrom(Definition definition) {
        Objects.requireNonNull(definition, "definition");
        var out = new ArrayList<CallSite>();
        for (CallSite c : parts.callsByFile().getOrDefault(definition.file(), List.of())) {
            if (c.caller().isPresent() && c.caller().get().equals(definition)) {
                out.add(c);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The type definitions of the tree whose names are used inside {@code definition}, visible from its file. */
    public List<Definition> typesUsedBy(Definition definition) {
        var out = new LinkedHashSet<Definition>();
        for (String type : new java.util.TreeSet<>(typeRefs(definition))) {
            List<Definition> candidates = parts.byName().getOrDefault(type, List.of()).stream()
                    .filter(d -> d.kind() == Definition.Kind.TYPE && !d.equals(definition)).toList();
            List<Definition> sameFile = candidates.stream().filter(d -> d.file().equals(definition.file())).toList();
            List<Definition> chosen = sameFile.isEmpty() ? candidates : sameFile;
            if (chosen.size() == 1) {
                out.add(chosen.get(0));
            }
        }
        return List.copyOf(out);
    }

    private Set<String> typeRefs(Definition definition) {
        ParsedFile f = files.get(definition.file());
        int i = f == null ? -1 : f.file().definitions().indexOf(definition);
        return i < 0 ? Set.of() : f.typeRefs().get(i);
    }

    /**
     * The definitions evolution targets in this tree: for each EVOLVE block, the definitions that start inside it,
     * or else the innermost definition holding it (a block of constants inside a class gives the class). In path
     * order.
     */
    public List<Definition> evolveBlockDefinitions() {
        var out = new LinkedHashSet<Definition>();
        for (ParsedFile f : files.values()) {
            for (int[] block : f.evolveBlocks()) {
                List<Definition> inside = f.file().definitions().stream()
                        .filter(d -> d.startLine() > block[0] && d.startLine() < block[1]).toList();
                if (inside.isEmpty()) {
                    definitionAt(f.file().path(), block[0]).ifPresent(out::add);
                } else {
                    inside.stream().filter(d -> inside.stream().noneMatch(o -> o != d && o.startLine() <= d.startLine()
                            && o.endLine() >= d.endLine())).forEach(out::add);
                }
            }
        }
        return List.copyOf(out);
    }
}
