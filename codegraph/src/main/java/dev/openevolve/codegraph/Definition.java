package dev.openevolve.codegraph;

import java.util.Objects;
import java.util.Optional;

/**
 * A declaration found in a source file: a type, a function or a method, with its range. Immutable.
 *
 * @param file      the file's path below the indexed root, {@code /}-separated
 * @param name      the declared name
 * @param container the enclosing type (or Rust {@code impl}, Go receiver type), or {@code ""} at top level
 * @param kind      what it declares
 * @param signature the declaration up to its body, on one line
 * @param startLine first line, 1-based
 * @param endLine   last line, 1-based, at least {@code startLine}
 */
public record Definition(String file, String name, String container, Kind kind, String signature, int startLine,
                         int endLine) {
    /** What a definition declares. */
    public enum Kind {
        /** A class, interface, enum, record, struct, trait or type alias. */
        TYPE,
        /** A function outside any type. */
        FUNCTION,
        /** A function inside a type (or a constructor). */
        METHOD
    }

    public Definition {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(signature, "signature");
        if (startLine < 1 || endLine < startLine) {
            throw new IllegalArgumentException("lines must satisfy 1 <= startLine <= endLine but were " + startLine
                    + ".." + endLine);
        }
    }

    /** Consistent with the record's {@code equals}; hashes only the file, line and name (cheap and selective). */
    @Override
    public int hashCode() {
        return (file.hashCode() * 31 + startLine) * 31 + name.hashCode();
    }

    /** {@code Container.name}, or the name at top level. */
    public String qualifiedName() {
        return container.isEmpty() ? name : container + "." + name;
    }

    /** The enclosing type, if any. */
    public Optional<String> owner() {
        return container.isEmpty() ? Optional.empty() : Optional.of(container);
    }

    /** {@code file:startLine}. */
    public String location() {
        return file + ":" + startLine;
    }

    /** Whether {@code line} (1-based) lies within this definition. */
    public boolean contains(int line) {
        return line >= startLine && line <= endLine;
    }
}
