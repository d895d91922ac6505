package dev.openevolve.codegraph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes small source trees for tests and looks things up in their graphs. */
final class Trees {
    private Trees() {
    }

    static Path write(Path root, Map<String, String> files) {
        files.forEach((path, text) -> write(root, path, text));
        return root;
    }

    static void write(Path root, String path, String text) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CodeGraph index(Path root) {
        return CodeGraphIndexer.builder(root).build().update().graph();
    }

    /** The one definition with this qualified name. */
    static Definition def(CodeGraph graph, String qualifiedName) {
        List<Definition> found = graph.definitions().stream().filter(d -> d.qualifiedName().equals(qualifiedName))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one definition " + qualifiedName + " but found " + found + " among "
                    + graph.definitions().stream().map(Definition::qualifiedName).toList());
        }
        return found.get(0);
    }

    /** The one call of {@code callee} inside {@code caller}. */
    static CallSite call(CodeGraph graph, Definition caller, String callee) {
        List<CallSite> found = graph.callsFrom(caller).stream().filter(c -> c.callee().equals(callee)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one call of " + callee + " in " + caller.qualifiedName() + " but found "
                    + graph.callsFrom(caller));
        }
        return found.get(0);
    }

    static Optional<String> target(CallSite call) {
        return call.target().map(d -> d.file() + "#" + d.qualifiedName());
    }
}
