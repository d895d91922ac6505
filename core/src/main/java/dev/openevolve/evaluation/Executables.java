package dev.openevolve.evaluation;

import dev.openevolve.spi.OpenEvolveException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Resolves program names to absolute paths (sandboxed processes run in another directory). Thread safe. */
final class Executables {
    private Executables() {
    }

    /** {@code name} as an absolute path: a path containing '/' against the working directory, else via PATH. */
    static Path resolve(String name) {
        if (name.contains("/")) {
            Path p = Path.of(name).toAbsolutePath().normalize();
            if (!Files.isExecutable(p)) {
                throw new OpenEvolveException("command " + p + " does not exist or is not executable");
            }
            return p;
        }
        return onPath(name).orElseThrow(() -> new OpenEvolveException(
                "command '" + name + "' not found on PATH (" + System.getenv().getOrDefault("PATH", "") + ")"));
    }

    static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p.toAbsolutePath());
                }
            }
        }
        return Optional.empty();
    }
}
