package dev.openevolve.codegraph;

import dev.openevolve.codegraph.ParsedFile.RawCall;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.treesitter.TSInputEncoding;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSQueryCapture;
import org.treesitter.TSQueryCursor;
import org.treesitter.TSQueryMatch;
import org.treesitter.TSTree;

/**
 * Parses one file at a time into a {@link ParsedFile}. Holds one tree-sitter parser per language, so it is
 * <em>not</em> thread safe: each parsing thread has its own.
 */
final class FileParser {
    private static final int MAX_SIGNATURE = 200;
    private static final int MAX_RECEIVER = 80;
    private static final int BINARY_PROBE = 8000;

    private final Grammars grammars;
    private final long parseTimeoutNanos;
    private final Map<Lang, TSParser> parsers = new EnumMap<>(Lang.class);
    private final TSQueryMatch match = new TSQueryMatch();
    /** Reused for every file (each exec starts it afresh); made on first use, which loads the native library. */
    private TSQueryCursor cursor;

    FileParser(Grammars grammars, long parseTimeoutNanos) {
        this.grammars = grammars;
        this.parseTimeoutNanos = parseTimeoutNanos;
    }

    /** Parses {@code bytes}, the content of {@code path} (below the root), written in {@code lang}. */
    ParsedFile parse(String path, Lang lang, byte[] bytes, String sha256) {
        String text = decode(bytes);
        if (text == null) {
            return ParsedFile.unparsed(path, lang, SourceFile.Status.BINARY, bytes.length, 0, sha256);
        }
        int[] lineStarts = lineStarts(bytes);
        Grammars.Compiled grammar = grammars.get(lang);
        TSTree tree = parseTree(lang, grammar, bytes);
        if (tree == null) {
            return ParsedFile.unparsed(path, lang, SourceFile.Status.UNREADABLE, bytes.length,
                    lineStarts.length, sha256);
        }
        TSNode root = tree.getRootNode();
        var found = new Found(path, lang, bytes, lineStarts);
        if (cursor == null) {
            cursor = new TSQueryCursor();
        }
        long deadline = System.nanoTime() + parseTimeoutNanos;
        cursor.execWithOptions(grammar.query(), root, state -> System.nanoTime() > deadline);
        var match = new TSQueryMatch();
        while (cursor.nextMatch(match)) {
            found.add(match.getCaptures(), grammar.captureNames());
        }
        if (System.nanoTime() > deadline) {
            // the cursor stops at its time limit as if there were no more matches: the result would be partial
            return ParsedFile.unparsed(path, lang, SourceFile.Status.UNREADABLE, bytes.length, lineStarts.length,
                    sha256);
        }
        SourceFile.Status status = root.hasError() ? SourceFile.Status.PARSED_WITH_ERRORS : SourceFile.Status.PARSED;
        return found.result(status, sha256, evolveBlocks(text));
    }

    private TSTree parseTree(Lang lang, Grammars.Compiled grammar, byte[] bytes) {
        TSParser parser = parsers.computeIfAbsent(lang, l -> {
            var p = new TSParser();
            p.setLanguage(grammar.language());
            return p;
        });
        long deadline = System.nanoTime() + parseTimeoutNanos;
        byte[] buffer = new byte[Math.max(1, Math.min(bytes.length, 1 << 16))];
        TSTree tree = parser.parseWithOptions(buffer, null, (buf, offset, point) -> {
            int n = Math.max(0, Math.min(buf.length, bytes.length - offset));
            System.arraycopy(bytes, offset, buf, 0, n);
            return n;
        }, TSInputEncoding.TSInputEncodingUTF8, state -> System.nanoTime() > deadline);
        if (tree == null) {
            parser.reset();
        }
        return tree;
    }

    /** The text, or {@code null} for binary content: NUL bytes near the start, or bytes that are not UTF-8. */
    static String decode(byte[] bytes) {
        for (int i = 0, n = Math.min(bytes.length, BINARY_PROBE); i < n; i++) {
            if (bytes[i] == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The 1-based lines of each {@code EVOLVE-BLOCK-START} and its {@code EVOLVE-BLOCK-END} (or the last line). */
    static List<int[]> evolveBlocks(String text) {
        int start = text.indexOf(EvolveBlocks.START);
        if (start < 0) {
            return List.of();
        }
        var blocks = new ArrayList<int[]>();
        while (start >= 0) {
            int end = text.indexOf(EvolveBlocks.END, start);
            int startLine = lineAt(text, start);
            int endLine = end < 0 ? lineAt(text, text.length()) : lineAt(text, end);
            blocks.add(new int[] {startLine, endLine});
            start = end < 0 ? -1 : text.indexOf(EvolveBlocks.START, end);
        }
        return blocks;
    }

    private static int lineAt(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static int[] lineStarts(byte[] bytes) {
        int count = 1;
        for (byte b : bytes) {
            if (b == '\n') {
                count++;
            }
        }
        int[] starts = new int[count];
        int line = 1;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                starts[line++] = i + 1;
            }
        }
        return starts;
    }

    /** The matches of one file, turned into definitions, imports and calls. */
    private static final class Found {
        private final String path;
        private final Lang lang;
        private final byte[] bytes;
        private final int[] lineStarts;
        private final List<Node> nodes = new ArrayList<>();
        private final List<Leaf> leaves = new ArrayList<>();
        private final List<Import> imports = new ArrayList<>();

        Found(String path, Lang lang, byte[] bytes, int[] lineStarts) {
            this.path = path;
            this.lang = lang;
            this.bytes = bytes;
            this.lineStarts = lineStarts;
        }

        void add(TSQueryCapture[] captures, String[] names) {
            TSNode outer = null;
            TSNode name = null;
            String kind = null;
            String container = "";
            TSNode callee = null;
            String receiver = "";
            for (TSQueryCapture c : captures) {
                TSNode node = c.getNode();
                switch (names[c.getIndex()]) {
                    case "definition", "call", "scope" -> outer = node;
                    case "type", "function", "method", "scope.name" -> {
                        name = node;
                        kind = names[c.getIndex()];
                    }
                    case "container" -> container = text(node);
                    case "callee" -> callee = node;
                    case "component" -> {
                        String element = text(node);
                        if (!element.isEmpty() && Character.isUpperCase(element.charAt(0))) {
                            callee = node;
                        }
                    }
                    case "receiver" -> receiver = oneLine(text(node, MAX_RECEIVER * 4), MAX_RECEIVER);
                    case "import" -> addImport(node);
                    case "typeref" -> leaves.add(new Leaf(node.getStartByte(), text(node), null, null));
                    default -> {
                        // a capture this code does not use
                    }
                }
            }
            if (outer != null && name != null) {
                nodes.add(new Node(outer.getStartByte(), outer.getEndByte(), text(name), kind, container,
                        "scope.name".equals(kind) ? "" : signature(outer)));
            } else if (outer != null && callee != null) {
                leaves.add(new Leaf(outer.getStartByte(), null, text(callee), receiver));
            }
        }

        private void addImport(TSNode node) {
            int start = node.getStartByte();
            Imports.parse(lang, path, text(node), lineOf(start)).ifPresent(imports::add);
        }

        ParsedFile result(SourceFile.Status status, String sha256, List<int[]> evolveBlocks) {
            nodes.sort(Comparator.comparingInt(Node::start).thenComparing(Comparator.comparingInt(Node::end).reversed()));
            leaves.sort(Comparator.comparingInt(Leaf::start));
            var definitions = new ArrayList<Definition>();
            var typeRefs = new ArrayList<Set<String>>();
            var defIndex = new int[nodes.size()];
            var stack = new ArrayList<Integer>();
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                popEnded(stack, n.start);
                String owner = n.container.isEmpty() ? ownerIn(stack) : n.container;
                defIndex[i] = -1;
                if (!n.kind.equals("scope.name")) {
                    Definition.Kind kind = switch (n.kind) {
                        case "type" -> Definition.Kind.TYPE;
                        case "method" -> Definition.Kind.METHOD;
                        default -> owner.isEmpty() ? Definition.Kind.FUNCTION : Definition.Kind.METHOD;
                    };
                    defIndex[i] = definitions.size();
                    definitions.add(new Definition(path, n.name, owner, kind, n.signature, lineOf(n.start),
                            Math.max(lineOf(n.start), lineOf(Math.max(n.start, n.end - 1)))));
                    typeRefs.add(new HashSet<>());
                }
                stack.add(i);
            }
            var calls = new ArrayList<RawCall>();
            stack.clear();
            int next = 0;
            for (Leaf leaf : leaves) {
                while (next < nodes.size() && nodes.get(next).start <= leaf.start) {
                    popEnded(stack, nodes.get(next).start);
                    stack.add(next++);
                }
                popEnded(stack, leaf.start);
                int caller = innermostDefinition(stack, defIndex);
                if (leaf.typeName != null) {
                    if (caller >= 0) {
                        typeRefs.get(caller).add(leaf.typeName);
                    }
                } else {
                    calls.add(new RawCall(lineOf(leaf.start), leaf.callee, leaf.receiver, caller));
                }
            }
            int lines = bytes.length == 0 ? 0 : lineStarts.length - (bytes[bytes.length - 1] == '\n' ? 1 : 0);
            var file = new SourceFile(path, lang.id(), status, bytes.length, lines, sha256, definitions, imports);
            return new ParsedFile(file, calls, typeRefs.stream().map(Set::copyOf).toList(), evolveBlocks);
        }

        private void popEnded(List<Integer> stack, int position) {
            while (!stack.isEmpty() && nodes.get(stack.get(stack.size() - 1)).end <= position) {
                stack.remove(stack.size() - 1);
            }
        }

        private String ownerIn(List<Integer> stack) {
            for (int i = stack.size() - 1; i >= 0; i--) {
                Node n = nodes.get(stack.get(i));
                if (n.kind.equals("type") || n.kind.equals("scope.name")) {
                    return n.name;
                }
            }
            return "";
        }

        private static int innermostDefinition(List<Integer> stack, int[] defIndex) {
            for (int i = stack.size() - 1; i >= 0; i--) {
                int d = defIndex[stack.get(i)];
                if (d >= 0) {
                    return d;
                }
            }
            return -1;
        }

        private String signature(TSNode definition) {
            TSNode body = definition.getChildByFieldName("body");
            int start = definition.getStartByte();
            int end = body == null || body.isNull() ? definition.getEndByte() : body.getStartByte();
            String text = new String(bytes, start, Math.min(MAX_SIGNATURE * 8, Math.max(0, end - start)),
                    StandardCharsets.UTF_8);
            if (body == null || body.isNull()) {
                int brace = text.indexOf('{');
                int newline = text.indexOf('\n');
                int cut = brace < 0 ? newline : newline < 0 ? brace : Math.min(brace, newline);
                text = cut < 0 ? text : text.substring(0, cut);
            }
            text = text.strip();
            if (lang == Lang.PYTHON && text.endsWith(":")) {
                text = text.substring(0, text.length() - 1);
            }
            return oneLine(text, MAX_SIGNATURE);
        }

        private String text(TSNode node) {
            return text(node, Integer.MAX_VALUE);
        }

        /** At most the first {@code maxBytes} of the node's text: a receiver can be a chain as long as the file. */
        private String text(TSNode node, int maxBytes) {
            int start = node.getStartByte();
            int length = Math.min(maxBytes, Math.max(0, node.getEndByte() - start));
            return new String(bytes, start, length, StandardCharsets.UTF_8);
        }

        private int lineOf(int byteOffset) {
            int i = Arrays.binarySearch(lineStarts, byteOffset);
            return (i >= 0 ? i : -i - 2) + 1;
        }
    }

    /** {@code text} with each run of whitespace made one space, stripped, cut to {@code max} characters. */
    static String oneLine(String text, int max) {
        var sb = new StringBuilder(Math.min(text.length(), max));
        boolean space = false;
        for (int i = 0; i < text.length() && sb.length() <= max; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = sb.length() > 0;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(c);
            }
        }
        return sb.length() <= max ? sb.toString() : sb.substring(0, max - 1) + "…";
    }

    /** A definition or scope; {@code kind} is the capture that named it. */
    private record Node(int start, int end, String name, String kind, String container, String signature) {
    }

    /** A call (callee set) or a type use (typeName set). */
    private record Leaf(int start, String typeName, String callee, String receiver) {
    }
}
