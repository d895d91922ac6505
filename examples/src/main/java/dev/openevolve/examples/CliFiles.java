package dev.openevolve.examples;

import dev.openevolve.examples.OpenEvolveCli.UsageException;
import dev.openevolve.spi.OpenEvolveException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The command line's checks of the files and folders it is given, each failing with one line that names it. */
final class CliFiles {
    private CliFiles() {
    }

    /** {@code path} as an existing, readable, non-empty regular file. */
    static Path file(Path path, String what) {
        if (Files.isDirectory(path)) {
            throw new UsageException(what + " '" + path + "' is a directory, not a file");
        }
        if (!Files.isRegularFile(path)) {
            throw new UsageException(what + " '" + path + "' does not exist");
        }
        if (!Files.isReadable(path)) {
            throw new UsageException(what + " '" + path + "' is not readable");
        }
        try {
            if (Files.size(path) == 0) {
                throw new UsageException(what + " '" + path + "' is empty");
            }
        } catch (IOException e) {
            throw new UsageException(what + " '" + path + "' cannot be read: " + e.getMessage());
        }
        return path.toAbsolutePath().normalize();
    }

    /** {@code path} as an existing directory. */
    static Path directory(Path path, String what) {
        if (!Files.isDirectory(path)) {
            throw new UsageException(what + " '" + path + "' " + (Files.exists(path) ? "is a file, not a directory"
                    : "does not exist"));
        }
        return path.toAbsolutePath().normalize();
    }

    /** {@code path} as a folder this process can write to, created when missing. */
    static Path output(Path path) {
        Path dir = path.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("output folder '" + path + "' is a file, not a folder");
        }
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(Files.createTempFile(dir, ".openevolve-write-check", ".tmp"));
        } catch (IOException | SecurityException e) {
            String reason = e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                    ? f.getReason() : "permission denied";
            throw new UsageException("output folder '" + path + "' is not writable (" + reason + ")");
        }
        return dir;
    }

    static String extensionOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
    }

    static String languageOf(Path program) {
        return switch (extensionOf(program)) {
            case ".py" -> "python";
            case ".java" -> "java";
            case ".js" -> "javascript";
            case ".ts" -> "typescript";
            case ".rs" -> "rust";
            case ".go" -> "go";
            case ".c", ".h" -> "c";
            case ".cpp", ".cc", ".hpp" -> "cpp";
            default -> "text";
        };
    }

    static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OpenEvolveException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
