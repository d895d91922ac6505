package dev.openevolve.codegraph;

import dev.openevolve.spi.OpenEvolveException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Puts an EVOLVE block around a chosen definition of a file that has none, in two explicit steps: {@link #preview}
 * shows the change as a diff without touching the file; {@link #apply} writes it, only if the file still has the
 * content the preview was made from. Stateless and thread safe.
 */
public final class EvolveBlocks {
    /** The marker that opens an EVOLVE block. */
    public static final String START = "EVOLVE-BLOCK-START";
    /** The marker that closes an EVOLVE block. */
    public static final String END = "EVOLVE-BLOCK-END";

    private EvolveBlocks() {
    }

    /**
     * Proposes markers on their own lines just before and just after {@code definition}, indented like its first
     * line, as line comments of the file's language.
     *
     * @param graph the graph {@code definition} comes from; locates the file
     * @throws OpenEvolveException when the file cannot be read, already has an EVOLVE block, changed since the
     *                             graph was built, or is not in a supported language; each names the file
     */
    public static EvolveBlockInsertion preview(CodeGraph graph, Definition definition) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(definition, "definition");
        SourceFile source = graph.file(definition.file()).orElseThrow(() -> new OpenEvolveException(
                "Cannot insert an EVOLVE block: " + definition.file() + " is not in the graph of " + graph.root()));
        Path file = graph.root().resolve(definition.file());
        Lang lang = Lang.of(file.getFileName().toString()).orElseThrow(() -> new OpenEvolveException(
                "Cannot insert an EVOLVE block into " + file + ": unsupported language"));
        String original = read(file);
        if (original.contains(START) || original.contains(END)) {
            throw new OpenEvolveException("Cannot insert an EVOLVE block into " + file + ": it already has one");
        }
        if (!CodeGraphIndexer.sha256(original.getBytes(StandardCharsets.UTF_8)).equals(source.sha256())) {
            throw new OpenEvolveException("Cannot insert an EVOLVE block into " + file
                    + ": the file changed since it was indexed; update the graph first");
        }
        List<String> lines = original.lines().toList();
        if (definition.endLine() > lines.size()) {
            throw new OpenEvolveException("Cannot insert an EVOLVE block into " + file + ": " + definition.qualifiedName()
                    + " ends at line " + definition.endLine() + " but the file has " + lines.size() + " lines");
        }
        String first = lines.get(definition.startLine() - 1);
        String indent = first.substring(0, first.length() - first.stripLeading().length());
        String startLine = indent + lang.lineComment() + " " + START;
        String endLine = indent + lang.lineComment() + " " + END;
        String newline = original.contains("\r\n") ? "\r\n" : "\n";
        var out = new ArrayList<String>(lines.size() + 2);
        out.addAll(lines.subList(0, definition.startLine() - 1));
        out.add(startLine);
        out.addAll(lines.subList(definition.startLine() - 1, definition.endLine()));
        out.add(endLine);
        out.addAll(lines.subList(definition.endLine(), lines.size()));
        boolean trailing = original.endsWith("\n");
        String proposed = String.join(newline, out) + (trailing ? newline : "");
        return new EvolveBlockInsertion(file, definition, original, proposed,
                diff(definition.file(), lines, definition.startLine(), definition.endLine(), startLine, endLine));
    }

    /**
     * Writes a previewed insertion (atomically where the file system allows).
     *
     * @throws OpenEvolveException when the file no longer has the content the preview was made from, or cannot be
     *                             written; each names the file
     */
    public static void apply(EvolveBlockInsertion insertion) {
        Objects.requireNonNull(insertion, "insertion");
        Path file = insertion.file();
        if (!read(file).equals(insertion.original())) {
            throw new OpenEvolveException("Cannot insert an EVOLVE block into " + file
                    + ": the file changed since the preview; preview again");
        }
        try {
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".evolve-block", ".tmp");
            try {
                Files.writeString(temp, insertion.proposed());
                try {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new OpenEvolveException("Cannot write " + file + ": " + e, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new OpenEvolveException("Cannot insert an EVOLVE block into " + file + ": cannot read it: " + e, e);
        }
    }

    private static String diff(String path, List<String> lines, int start, int end, String startLine, String endLine) {
        int context = 3;
        int from = Math.max(1, start - context);
        int to = Math.min(lines.size(), end + context);
        var sb = new StringBuilder();
        sb.append("--- a/").append(path).append('\n').append("+++ b/").append(path).append('\n');
        int oldCount = to - from + 1;
        sb.append("@@ -").append(from).append(',').append(oldCount).append(" +").append(from).append(',')
                .append(oldCount + 2).append(" @@\n");
        for (int line = from; line <= to; line++) {
            if (line == start) {
                sb.append('+').append(startLine).append('\n');
            }
            sb.append(' ').append(lines.get(line - 1)).append('\n');
            if (line == end) {
                sb.append('+').append(endLine).append('\n');
            }
        }
        return sb.toString();
    }
}
