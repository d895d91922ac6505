package dev.openevolve.codegraph;

import java.util.List;
import java.util.Objects;

/**
 * An import (Java {@code import}, Python {@code import}/{@code from}, JavaScript/TypeScript {@code import}, Go import
 * spec, Rust {@code use}). Immutable.
 *
 * @param line   1-based line of the statement
 * @param text   the statement, on one line
 * @param module the imported module or package as path segments (for example {@code [dev, openevolve, Foo]},
 *               or for a relative JavaScript import the resolved path below the root)
 * @param names  the names it binds in the importing file (aliases included); empty for a wildcard
 */
public record Import(int line, String text, List<String> module, List<String> names) {
    public Import {
        Objects.requireNonNull(text, "text");
        module = List.copyOf(module);
        names = List.copyOf(names);
    }
}
