package dev.openevolve.codegraph;

import java.util.List;
import java.util.Objects;

/**
 * One file of the indexed tree and what was found in it. Immutable.
 *
 * @param path        below the root, {@code /}-separated
 * @param language    the language id ({@code java}, {@code python}, {@code javascript}, {@code typescript},
 *                    {@code go}, {@code rust})
 * @param status      whether and how it was parsed
 * @param size        bytes
 * @param lines       number of lines (0 when not read)
 * @param sha256      hex SHA-256 of the content, {@code ""} when not read
 * @param definitions definitions in source order
 * @param imports     imports in source order
 */
public record SourceFile(String path, String language, Status status, long size, int lines, String sha256,
                         List<Definition> definitions, List<Import> imports) {
    /** How a file was handled. */
    public enum Status {
        /** Parsed without syntax errors. */
        PARSED,
        /** Parsed; the parser recovered from syntax errors, so some declarations may be missing. */
        PARSED_WITH_ERRORS,
        /** Not parsed: larger than the configured limit. */
        TOO_LARGE,
        /** Not parsed: not UTF-8 text (binary content). */
        BINARY,
        /** Not parsed: it could not be read, or the parser gave up within its time limit. */
        UNREADABLE
    }

    public SourceFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sha256, "sha256");
        definitions = List.copyOf(definitions);
        imports = List.copyOf(imports);
    }

    /** Whether the parser read this file. */
    public boolean parsed() {
        return status == Status.PARSED || status == Status.PARSED_WITH_ERRORS;
    }
}
