package dev.openevolve.codegraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The resolution of one file's calls against the definitions of a graph: what the file's imports and directory
 * make visible. A call's candidates only ever come from the definitions of its name, and which of them is chosen
 * depends only on their file, container and kind. Not thread safe; reads the maps it is given.
 */
final class FileScope {
    private static final Set<String> SELF = Set.of("this", "self", "super", "Self");

    private final ParsedFile file;
    private final ShardedMap<String, List<Definition>> byName;
    private final Map<String, String> directories;
    private final String directory;
    private final Set<String> imported = new LinkedHashSet<>();
    private final Map<String, Set<String>> filesByImportedName = new HashMap<>();

    FileScope(ParsedFile file, ModuleIndex modules, ShardedMap<String, List<Definition>> byName,
              Map<String, String> directories) {
        this.file = file;
        this.byName = byName;
        this.directories = directories;
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

    /** The call resolved again against the current definitions. */
    CallSite resolve(CallSite call) {
        return resolve(call.line(), call.callee(), call.receiver(), call.caller().orElse(null));
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

    private List<Definition> filter(List<Definition> defs, Predicate<Definition> keep) {
        var out = new ArrayList<Definition>(2);
        for (Definition d : defs) {
            if (keep.test(d)) {
                out.add(d);
            }
        }
        return out;
    }

    static String directoryOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
