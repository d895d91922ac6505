package dev.openevolve.codegraph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the {@link CodeGraph.Parts} of a graph: from scratch, or from the previous graph and the files that
 * changed. The incremental build gives exactly what a full build of the same files gives (the same definitions,
 * calls, resolutions and orders), but touches only:
 * <ul>
 *   <li>the definitions of the changed files, and the by-name lists of their names;</li>
 *   <li>the calls of the changed files (resolved again);</li>
 *   <li>elsewhere, the calls of a name whose candidates changed (a definition of it added, removed, moved to
 *       another type or of another kind: resolved again), and the calls that resolved to a definition of a changed
 *       file that is still there in the same shape (pointed at its new version, whose lines may differ);</li>
 *   <li>the caller lists of the calls that changed.</li>
 * </ul>
 * The maps are {@link ShardedMap}s, so an update copies only the shards its changes fall in. Stateless.
 */
final class GraphBuilder {
    /** Past this share of changed files a full build is as cheap as patching. */
    private static final int FULL_REBUILD_DIVISOR = 4;
    private static final Comparator<CallSite> BY_FILE = Comparator.comparing(CallSite::file);

    private GraphBuilder() {
    }

    static CodeGraph full(Path root, Map<String, ParsedFile> input) {
        var files = new TreeMap<>(input);
        var byName = new HashMap<String, List<Definition>>();
        var directories = new HashMap<String, String>();
        for (ParsedFile f : files.values()) {
            directories.put(f.file().path(), FileScope.directoryOf(f.file().path()));
            f.file().definitions().forEach(d -> byName.computeIfAbsent(d.name(), k -> new ArrayList<>(1)).add(d));
        }
        ShardedMap<String, List<Definition>> names = sharded(byName);
        var modules = new ModuleIndex(files.keySet());
        var callsByFile = ShardedMap.<String, List<CallSite>>empty().edit();
        var callers = new HashMap<Definition, List<CallSite>>();
        for (ParsedFile f : files.values()) {
            List<CallSite> calls = new FileScope(f, modules, names, directories).resolveAll();
            callsByFile.put(f.file().path(), Collections.unmodifiableList(calls));
            link(calls, callers);
        }
        callers.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return new CodeGraph(root, new CodeGraph.Parts(files, names, directories, modules, callsByFile.build(),
                sharded(callers)));
    }

    static CodeGraph incremental(CodeGraph previous, Map<String, ParsedFile> input, Set<String> changedPaths) {
        CodeGraph.Parts before = previous.parts();
        if (changedPaths.size() > 1 + input.size() / FULL_REBUILD_DIVISOR) {
            return full(previous.root(), input);
        }
        var changed = new TreeSet<>(changedPaths);
        var isChanged = new HashSet<>(changedPaths);
        var files = new TreeMap<>(before.files());
        for (String path : changed) {
            ParsedFile now = input.get(path);
            if (now == null) {
                files.remove(path);
            } else {
                files.put(path, now);
            }
        }
        boolean sameFiles = changed.stream().allMatch(p -> before.files().containsKey(p) && files.containsKey(p));
        Map<String, String> directories = before.directories();
        ModuleIndex modules = before.modules();
        if (!sameFiles) {
            var dirs = new HashMap<String, String>();
            files.keySet().forEach(p -> dirs.put(p, FileScope.directoryOf(p)));
            directories = dirs;
            modules = new ModuleIndex(files.keySet());
        }

        // definitions: drop the changed files' old ones, add their new ones
        var addedByName = new HashMap<String, List<Definition>>();
        var touchedNames = new HashSet<String>();
        for (String path : changed) {
            ParsedFile old = before.files().get(path);
            if (old != null) {
                old.file().definitions().forEach(d -> touchedNames.add(d.name()));
            }
            ParsedFile now = files.get(path);
            if (now != null) {
                for (Definition d : now.file().definitions()) {
                    touchedNames.add(d.name());
                    addedByName.computeIfAbsent(d.name(), k -> new ArrayList<>(1)).add(d);
                }
            }
        }
        var names = before.byName().edit();
        for (String name : touchedNames) {
            var list = new ArrayList<Definition>();
            for (Definition d : before.byName().getOrDefault(name, List.of())) {
                if (!isChanged.contains(d.file())) {
                    list.add(d);
                }
            }
            list.addAll(addedByName.getOrDefault(name, List.of()));
            list.sort(Comparator.comparing(Definition::file)); // stable: each file keeps its source order
            if (list.isEmpty()) {
                names.remove(name);
            } else {
                names.put(name, list);
            }
        }
        ShardedMap<String, List<Definition>> byName = names.build();

        // which names resolve differently now, and where each unchanged-shape definition went
        var affected = new HashSet<String>();
        var moved = new HashMap<Definition, Definition>();
        for (String path : changed) {
            matchDefinitions(before.files().get(path), files.get(path), affected, moved);
        }

        // calls: the changed files' again; elsewhere only those an affected name or a moved target touches
        var callsByFile = before.callsByFile().edit();
        var replaced = new HashSet<String>();
        for (String path : changed) {
            ParsedFile now = files.get(path);
            if (now == null) {
                callsByFile.remove(path);
            } else {
                callsByFile.put(path, Collections.unmodifiableList(
                        new FileScope(now, modules, byName, directories).resolveAll()));
            }
            replaced.add(path);
        }
        for (ParsedFile file : files.values()) {
            String path = file.file().path();
            if (isChanged.contains(path)) {
                continue;
            }
            boolean all = !sameFiles && importsResolveDifferently(file, before.modules(), modules);
            List<CallSite> redone = redo(file, before.callsByFile().getOrDefault(path, List.of()), all, isChanged,
                    affected, moved, modules, byName, directories);
            if (redone != null) {
                callsByFile.put(path, redone);
                replaced.add(path);
            }
        }

        // callers: only the lists holding a call of a replaced file change
        var newCallers = new HashMap<Definition, List<CallSite>>();
        var touched = new HashSet<Definition>();
        for (String path : replaced) {
            for (CallSite c : before.callsByFile().getOrDefault(path, List.of())) {
                c.target().ifPresent(touched::add);
            }
            List<CallSite> now = callsByFile.get(path);
            if (now != null) {
                link(now, newCallers);
            }
        }
        touched.addAll(newCallers.keySet());
        var callers = before.callers().edit();
        for (Definition key : touched) {
            var list = new ArrayList<CallSite>();
            for (CallSite c : before.callers().getOrDefault(key, List.of())) {
                if (!replaced.contains(c.file())) {
                    list.add(c);
                }
            }
            list.addAll(newCallers.getOrDefault(key, List.of()));
            list.sort(BY_FILE); // stable: each file keeps its source order
            callers.remove(key); // an equal key of the previous graph must not stay in place of the new one
            if (!list.isEmpty()) {
                callers.put(key, Collections.unmodifiableList(list));
            }
        }
        return new CodeGraph(previous.root(), new CodeGraph.Parts(files, byName, directories, modules,
                callsByFile.build(), callers.build()));
    }

    /**
     * Compares a changed file's definitions before and after, name by name. A name whose definitions there keep
     * their number, containers and kinds resolves as before, each old definition standing for the new one at the
     * same place in that name's list ({@code moved}); any other name is {@code affected}.
     */
    private static void matchDefinitions(ParsedFile old, ParsedFile now, Set<String> affected,
                                         Map<Definition, Definition> moved) {
        Map<String, List<Definition>> before = byNameIn(old);
        Map<String, List<Definition>> after = byNameIn(now);
        var names = new HashSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            List<Definition> was = before.getOrDefault(name, List.of());
            List<Definition> is = after.getOrDefault(name, List.of());
            boolean sameShape = was.size() == is.size();
            for (int i = 0; sameShape && i < was.size(); i++) {
                sameShape = was.get(i).kind() == is.get(i).kind()
                        && was.get(i).container().equals(is.get(i).container());
            }
            if (sameShape) {
                for (int i = 0; i < was.size(); i++) {
                    moved.put(was.get(i), is.get(i));
                }
            } else {
                affected.add(name);
            }
        }
    }

    private static Map<String, List<Definition>> byNameIn(ParsedFile f) {
        var out = new HashMap<String, List<Definition>>();
        if (f != null) {
            f.file().definitions().forEach(d -> out.computeIfAbsent(d.name(), k -> new ArrayList<>(1)).add(d));
        }
        return out;
    }

    /** Whether a file added or removed elsewhere changed which files one of {@code file}'s imports names. */
    private static boolean importsResolveDifferently(ParsedFile file, ModuleIndex before, ModuleIndex now) {
        for (Import i : file.file().imports()) {
            if (!before.filesOf(i.module()).equals(now.filesOf(i.module()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * An unchanged file's calls after the update (every one resolved again when {@code all}), or {@code null} when
     * none of them changes.
     */
    private static List<CallSite> redo(ParsedFile file, List<CallSite> calls, boolean all, Set<String> changed,
                                       Set<String> affected, Map<Definition, Definition> moved, ModuleIndex modules,
                                       ShardedMap<String, List<Definition>> byName,
                                       Map<String, String> directories) {
        List<CallSite> out = null;
        FileScope scope = null;
        for (int i = 0; i < calls.size(); i++) {
            CallSite c = calls.get(i);
            CallSite now = c;
            Optional<Definition> target = c.target();
            boolean movedTarget = target.isPresent() && changed.contains(target.get().file());
            if (all || affected.contains(c.callee()) || movedTarget && !moved.containsKey(target.get())) {
                scope = scope == null ? new FileScope(file, modules, byName, directories) : scope;
                now = scope.resolve(c);
            } else if (movedTarget) {
                now = new CallSite(c.file(), c.line(), c.callee(), c.receiver(), c.caller(),
                        Optional.of(moved.get(target.get())), c.candidates());
            }
            if (out == null && !now.equals(c)) {
                out = new ArrayList<>(calls.subList(0, i));
            }
            if (out != null) {
                out.add(now);
            }
        }
        return out == null ? null : Collections.unmodifiableList(out);
    }

    /** Adds each resolved call to its target's callers. */
    private static void link(List<CallSite> calls, Map<Definition, List<CallSite>> callers) {
        for (CallSite c : calls) {
            c.target().ifPresent(t -> callers.computeIfAbsent(t, k -> new ArrayList<>(2)).add(c));
        }
    }

    private static <K, V> ShardedMap<K, V> sharded(Map<K, V> map) {
        var editor = ShardedMap.<K, V>empty().edit();
        map.forEach(editor::put);
        return editor.build();
    }
}
