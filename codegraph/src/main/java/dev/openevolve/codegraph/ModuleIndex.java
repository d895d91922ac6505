package dev.openevolve.codegraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the files an import refers to, by path suffix: {@code dev.openevolve.Foo} matches
 * {@code src/main/java/dev/openevolve/Foo.java}, Python {@code pkg.mod} matches {@code pkg/mod.py} or
 * {@code pkg/mod/__init__.py}, a Go package path or a Java wildcard matches the files of a directory ending
 * with it, and an import naming an item ({@code crate::geo::area}) also matches the module of the item. Immutable.
 */
final class ModuleIndex {
    private static final Set<String> PACKAGE_FILES = Set.of("index", "__init__", "mod", "lib");

    private final Map<String, List<Entry>> byModuleName = new HashMap<>();
    private final Map<String, List<Entry>> byDirectoryName = new HashMap<>();

    private record Entry(String path, List<String> module, List<String> directory) {
    }

    ModuleIndex(Iterable<String> paths) {
        for (String path : paths) {
            List<String> segments = List.of(path.split("/"));
            List<String> directory = segments.subList(0, segments.size() - 1);
            String last = segments.get(segments.size() - 1);
            int dot = last.lastIndexOf('.');
            String stem = dot > 0 ? last.substring(0, dot) : last;
            var module = new ArrayList<>(directory);
            if (!PACKAGE_FILES.contains(stem) || directory.isEmpty()) {
                module.add(stem);
            }
            var entry = new Entry(path, List.copyOf(module), directory);
            byModuleName.computeIfAbsent(module.get(module.size() - 1), k -> new ArrayList<>()).add(entry);
            if (!directory.isEmpty()) {
                byDirectoryName.computeIfAbsent(directory.get(directory.size() - 1), k -> new ArrayList<>()).add(entry);
            }
        }
    }

    /**
     * The files {@code module} (path segments) refers to: files whose module path ends with it (or, for an item
     * import, with all but its last segment), and the files of the directories sharing the longest trailing
     * segments with it (a Go import path carries a module prefix the tree does not have).
     */
    Set<String> filesOf(List<String> module) {
        var out = new LinkedHashSet<String>();
        if (module.isEmpty()) {
            return out;
        }
        addModuleMatches(out, module);
        if (out.isEmpty() && module.size() > 1) {
            addModuleMatches(out, module.subList(0, module.size() - 1));
        }
        int best = 0;
        var directories = new ArrayList<Entry>();
        for (Entry e : byDirectoryName.getOrDefault(module.get(module.size() - 1), List.of())) {
            int common = commonSuffix(e.directory, module);
            if (common > best) {
                best = common;
                directories.clear();
            }
            if (common == best) {
                directories.add(e);
            }
        }
        directories.forEach(e -> out.add(e.path));
        return out;
    }

    private void addModuleMatches(Set<String> out, List<String> module) {
        for (Entry e : byModuleName.getOrDefault(module.get(module.size() - 1), List.of())) {
            if (commonSuffix(e.module, module) == module.size()) {
                out.add(e.path);
            }
        }
    }

    private static int commonSuffix(List<String> segments, List<String> other) {
        int n = 0;
        while (n < segments.size() && n < other.size()
                && segments.get(segments.size() - 1 - n).equals(other.get(other.size() - 1 - n))) {
            n++;
        }
        return n;
    }
}
