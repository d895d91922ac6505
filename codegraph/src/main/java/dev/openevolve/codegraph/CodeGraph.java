package dev.openevolve.codegraph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

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
    private static final Set<String> SELF = Set.of("this", "self", "super", "Self");

    private final Path root;
    private final Map<String, ParsedFile> files;
    private final List<Definition> definitions;
    private final Map<String, List<Definition>> byName;
    private final List<CallSite> calls;
    private final Map<Definition, List<CallSite>> callers;
    private final Map<Definition, List<CallSite>> callees;
    private final Map<Definition, Set<String>> typeRefs;
    private final Map<String, List<CallSite>> callsByFile;
    private final Map<String, String> directories;

    /**
     * Resolves every call, or with a {@code previous} graph only the calls that can resolve differently: those in
     * {@code changedPaths} and those whose name a changed file defines (before or after). A call's candidates
     * only ever come from files defining its name, so every other call keeps its previous resolution.
     */
    private CodeGraph(Path root, Map<String, ParsedFile> files, CodeGraph previous, Set<String> changedPaths) {
        this.root = root;
        this.files = Collections.unmodifiableMap(new TreeMap<>(files));
        var defs = new ArrayList<Definition>();
        var names = new HashMap<String, List<Definition>>();
        var types = new HashMap<Definition, Set<String>>();
        this.directories = new HashMap<>();
        for (ParsedFile f : this.files.values()) {
            directories.put(f.file().path(), directoryOf(f.file().path()));
            List<Definition> fileDefs = f.file().definitions();
            for (int i = 0; i < fileDefs.size(); i++) {
                Definition d = fileDefs.get(i);
                defs.add(d);
                names.computeIfAbsent(d.name(), k -> new ArrayList<>(1)).add(d);
                types.put(d, f.typeRefs().get(i));
            }
        }
        this.definitions = List.copyOf(defs);
        this.byName = names;
        this.typeRefs = types;
        var affectedNames = new HashSet<String>();
        if (previous != null) {
            for (String path : changedPaths) {
                for (Map<String, ParsedFile> m : List.of(previous.files, this.files)) {
                    ParsedFile f = m.get(path);
                    if (f != null) {
                        f.file().definitions().forEach(d -> affectedNames.add(d.name()));
                    }
                }
            }
        }
        var modules = new ModuleIndex(this.files.keySet());
        var all = new ArrayList<CallSite>();
        this.callsByFile = new HashMap<>();
        for (ParsedFile f : this.files.values()) {
            String path = f.file().path();
            List<CallSite> before = previous == null || changedPaths.contains(path) ? null
                    : previous.callsByFile.get(path);
            List<CallSite> now;
            if (before == null) {
                now = new FileScope(f, modules).resolveAll();
            } else if (before.stream().noneMatch(c -> affectedNames.contains(c.callee()))) {
                now = before;
            } else {
                var scope = new FileScope(f, modules);
                now = before.stream().map(c -> affectedNames.contains(c.callee())
                        ? scope.resolve(c.line(), c.callee(), c.receiver(), c.caller().orElse(null)) : c).toList();
            }
            callsByFile.put(path, now);
            all.addAll(now);
        }
        this.calls = Collections.unmodifiableList(all);
        var in = new HashMap<Definition, List<CallSite>>();
        var out = new HashMap<Definition, List<CallSite>>();
        for (CallSite c : calls) {
            c.target().ifPresent(t -> in.computeIfAbsent(t, k -> new ArrayList<>(2)).add(c));
            c.caller().ifPresent(d -> out.computeIfAbsent(d, k -> new ArrayList<>(4)).add(c));
        }
        this.callers = in;
        this.callees = out;
    }

    static CodeGraph of(Path root, Map<String, ParsedFile> files) {
        return new CodeGraph(root, files, null, Set.of());
    }

    /** The graph of {@code files}, re-resolving only what the files in {@code changedPaths} can affect. */
    static CodeGraph updated(CodeGraph previous, Map<String, ParsedFile> files, Set<String> changedPaths) {
        return new CodeGraph(previous.root, files, previous, changedPaths);
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
        return definitions;
    }

    /** The definitions named {@code name} (simple name), or those whose {@link Definition#qualifiedName()} it is. */
    public List<Definition> find(String name) {
        Objects.requireNonNull(name, "name");
        int dot = name.lastIndexOf('.');
        String simple = dot < 0 ? name : name.substring(dot + 1);
        return byName.getOrDefault(simple, List.of()).stream()
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
        return calls;
    }

    /** The call sites that resolve to {@code definition} (its callers). */
    public List<CallSite> callersOf(Definition definition) {
        return callers.getOrDefault(Objects.requireNonNull(definition, "definition"), List.of());
    }

    /** The call sites inside {@code definition} (innermost), resolved or not. */
    public List<CallSite> callsFrom(Definition definition) {
        return callees.getOrDefault(Objects.requireNonNull(definition, "definition"), List.of());
    }

    /** The type definitions of the tree whose names are used inside {@code definition}, visible from its file. */
    public List<Definition> typesUsedBy(Definition definition) {
        var out = new LinkedHashSet<Definition>();
        for (String type : new java.util.TreeSet<>(typeRefs.getOrDefault(definition, Set.of()))) {
            List<Definition> candidates = byName.getOrDefault(type, List.of()).stream()
                    .filter(d -> d.kind() == Definition.Kind.TYPE && !d.equals(definition)).toList();
            List<Definition> sameFile = candidates.stream().filter(d -> d.file().equals(definition.file())).toList();
            List<Definition> chosen = sameFile.isEmpty() ? candidates : sameFile;
            if (chosen.size() == 1) {
                out.add(chosen.get(0));
            }
        }
        return List.copyOf(out);
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

    /** The resolution of one file's calls: what its imports and directory make visible. */
    private final class FileScope {
        private final ParsedFile file;
        private final String directory;
        private final Set<String> imported = new LinkedHashSet<>();
        private final Map<String, Set<String>> filesByImportedName = new HashMap<>();

        FileScope(ParsedFile file, ModuleIndex modules) {
            this.file = file;
            String path = file.file().path();
            this.directory = directoryOf(path);
            for (Import i : file.file().imports()) {
                Set<String> targets = modules.filesOf(i.module());
                imported.addAll(targets);
                for (String name : i.names()) {
                    filesByImportedName.computeIfAbsent(name, k -> new LinkedHashSet<>()).addAll(targets);
                }
            }
        }

        List<CallSite> resolveAll() {
            List<Definition> defs = file.file().definitions();
            var out = new ArrayList<CallSite>(file.calls().size());
            for (ParsedFile.RawCall c : file.calls()) {
                out.add(resolve(c.line(), c.callee(), c.receiver(), c.caller() < 0 ? null : defs.get(c.caller())));
            }
            return out;
        }

        CallSite resolve(int line, String callee, String receiver, Definition caller) {
            List<Definition> named = byName.getOrDefault(callee, List.of());
            List<Definition> tier = named.isEmpty() ? List.of()
                    : withoutConstructors(nearest(callee, receiver, caller, named));
            return new CallSite(file.file().path(), line, callee, receiver, Optional.ofNullable(caller),
                    tier.size() == 1 ? Optional.of(tier.get(0)) : Optional.empty(), tier.size());
        }

        /** The candidates of the nearest scope that has any. */
        private List<Definition> nearest(String callee, String receiver, Definition caller, List<Definition> named) {
            String path = file.file().path();
            if (receiver.isEmpty() || SELF.contains(receiver)) {
                String owner = caller == null ? "" : caller.kind() == Definition.Kind.TYPE ? caller.name()
                        : caller.container();
                if (!owner.isEmpty()) {
                    List<Definition> own = filter(named, d -> d.file().equals(path) && d.container().equals(owner));
                    if (own.isEmpty() && !receiver.isEmpty()) {
                        own = filter(named, d -> d.container().equals(owner) && visible(d));
                    }
                    if (!own.isEmpty() || !receiver.isEmpty()) {
                        return own;
                    }
                }
                List<Definition> local = filter(named, d -> d.file().equals(path));
                if (!local.isEmpty()) {
                    return local;
                }
                Set<String> importedFrom = filesByImportedName.get(callee);
                if (importedFrom != null) {
                    List<Definition> imports = filter(named, d -> importedFrom.contains(d.file()));
                    if (!imports.isEmpty()) {
                        return imports;
                    }
                }
                return filter(named, this::visible);
            }
            Set<String> viaImport = filesByImportedName.get(receiver);
            if (viaImport != null && !viaImport.isEmpty()) {
                List<Definition> inModule = filter(named, d -> viaImport.contains(d.file())
                        && (d.container().isEmpty() || d.container().equals(receiver)));
                if (!inModule.isEmpty()) {
                    return inModule;
                }
            }
            List<Definition> onType = filter(named, d -> d.container().equals(receiver) && visible(d));
            return onType.isEmpty() ? filter(named, this::visible) : onType;
        }

        /** {@code new Money(1)} names both the type and its constructor: it calls the type. */
        private List<Definition> withoutConstructors(List<Definition> candidates) {
            if (candidates.size() < 2) {
                return candidates;
            }
            boolean hasType = candidates.stream().anyMatch(d -> d.kind() == Definition.Kind.TYPE);
            return hasType ? filter(candidates, d -> !(d.kind() == Definition.Kind.METHOD
                    && d.container().equals(d.name()))) : candidates;
        }

        private boolean visible(Definition d) {
            String f = d.file();
            return f.equals(file.file().path()) || directory.equals(directories.get(f)) || imported.contains(f);
        }

        private List<Definition> filter(List<Definition> defs, java.util.function.Predicate<Definition> keep) {
            var out = new ArrayList<Definition>(2);
            for (Definition d : defs) {
                if (keep.test(d)) {
                    out.add(d);
                }
            }
            return out;
        }
    }

    private static String directoryOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
