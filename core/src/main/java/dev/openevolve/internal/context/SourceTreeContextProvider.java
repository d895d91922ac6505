package dev.openevolve.internal.context;

import dev.openevolve.spi.CodebaseContextProvider;
import dev.openevolve.spi.OpenEvolveException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The built-in {@link CodebaseContextProvider}, id {@value #ID}: lists the source files under a directory with
 * their sizes and, for Java and Python, their declarations (types and public methods; classes and functions),
 * found by a line-based scan.
 *
 * <p>Hidden directories, {@code target/}, {@code build/}, {@code node_modules/} and {@code __pycache__/} are
 * skipped and symbolic links are not followed. Files are listed in path order, so equal trees give equal text.
 * When the whole summary exceeds the budget, every file is still listed if the list alone fits, and
 * declarations fill what is left; otherwise the list is cut with a note of how many files are left out.
 * Stateless and thread safe.
 */
public final class SourceTreeContextProvider implements CodebaseContextProvider {
    /** The provider id. */
    public static final String ID = "source-tree";

    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "build", "node_modules", "__pycache__");
    private static final Set<String> SOURCE_EXTENSIONS = Set.of("java", "py", "kt", "kts", "scala", "groovy", "js",
            "mjs", "jsx", "ts", "tsx", "go", "rs", "c", "h", "cc", "cpp", "hpp", "cs", "rb", "php", "swift", "sql",
            "sh", "r", "jl", "lua");
    private static final long MAX_SCANNED_BYTES = 1L << 20;

    /** For {@link java.util.ServiceLoader}. */
    public SourceTreeContextProvider() {
        // stateless
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * @throws IllegalArgumentException when {@code maxChars} is negative
     * @throws OpenEvolveException      when {@code root} is not a readable directory, naming it
     */
    @Override
    public String describe(Path root, int maxChars) {
        Objects.requireNonNull(root, "root");
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars must be at least 0 but was '" + maxChars + "'");
        }
        if (!Files.isDirectory(root)) {
            throw new OpenEvolveException("Cannot describe source tree " + root + ": not a directory");
        }
        List<SourceFile> files = scan(root);
        return Summary.render(root, files, maxChars);
    }

    private static List<SourceFile> scan(Path root) {
        var paths = new ArrayList<Path>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String name = dir.getFileName().toString();
                    return name.startsWith(".") || SKIPPED_DIRECTORIES.contains(name)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && isSource(file)) {
                        paths.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (file.equals(root)) {
                        throw new OpenEvolveException("Cannot read source tree " + root + ": " + e, e);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new OpenEvolveException("Cannot read source tree " + root + ": " + e, e);
        }
        var files = new ArrayList<SourceFile>();
        for (Path p : paths) {
            files.add(SourceFile.read(root, p, MAX_SCANNED_BYTES));
        }
        files.sort(Comparator.comparing(SourceFile::relativePath));
        return files;
    }

    private static boolean isSource(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && SOURCE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
