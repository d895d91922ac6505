package dev.openevolve.internal.context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One listed file: its path relative to the root (with {@code /}), its size and its declarations.
 *
 * @param relativePath path below the root, {@code /}-separated
 * @param size         bytes; -1 when unknown
 * @param declarations declaration lines, indented, in source order
 */
record SourceFile(String relativePath, long size, List<String> declarations) {
    SourceFile {
        declarations = List.copyOf(declarations);
    }

    /** Reads {@code file}; a file that cannot be read is listed without size or declarations. */
    static SourceFile read(Path root, Path file, long maxScannedBytes) {
        String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            return new SourceFile(relative, -1, List.of());
        }
        if (size > maxScannedBytes) {
            return new SourceFile(relative, size, List.of());
        }
        List<String> declarations;
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            declarations = Declarations.of(relative, text);
        } catch (IOException e) {
            declarations = List.of();
        }
        return new SourceFile(relative, size, declarations);
    }

    /** The file's line in the summary. */
    String header() {
        return size < 0 ? relativePath + " (unreadable)" : relativePath + " (" + size + " bytes)";
    }
}
