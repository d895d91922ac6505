package dev.openevolve.internal.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh temporary working directory for one sandboxed run (or one warm worker), owned by the sandbox user and
 * deleted with everything in it by {@link #close()}. Not thread safe; close it once its processes have ended.
 */
public final class Workspace implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Workspace.class);
    private final Path dir;

    Workspace(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** The directory. */
    public Path path() {
        return dir;
    }

    /** Deletes the directory tree; idempotent. Failures are logged, not thrown. */
    @Override
    public void close() {
        try {
            deleteTree(dir);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete sandbox workspace {}: {}", dir, e.toString());
        }
    }

    /** Deletes {@code root} and everything below it, without following links; missing is fine. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public String toString() {
        return "Workspace[" + dir + "]";
    }
}
