package dev.openevolve.codegraph;

import java.util.List;
import java.util.Set;

/**
 * A file's parse result before resolution: the public {@link SourceFile}, its unresolved calls and, per
 * definition, the type names used inside it.
 *
 * @param file     what is published
 * @param calls    calls in source order
 * @param typeRefs     for each definition (same index as {@code file.definitions()}), the type names used in it
 * @param evolveBlocks the 1-based start and end lines of each EVOLVE block
 */
record ParsedFile(SourceFile file, List<RawCall> calls, List<Set<String>> typeRefs, List<int[]> evolveBlocks) {
    ParsedFile {
        calls = List.copyOf(calls);
        typeRefs = List.copyOf(typeRefs);
        evolveBlocks = List.copyOf(evolveBlocks);
    }

    /**
     * A call as written.
     *
     * @param caller index of the innermost containing definition in the file, or -1
     */
    record RawCall(int line, String callee, String receiver, int caller) {
    }

    /** A file that was not parsed: no definitions, imports or calls. */
    static ParsedFile unparsed(String path, Lang lang, SourceFile.Status status, long size, int lines,
                               String sha256) {
        return new ParsedFile(new SourceFile(path, lang.id(), status, size, lines, sha256, List.of(), List.of()),
                List.of(), List.of(), List.of());
    }
}
