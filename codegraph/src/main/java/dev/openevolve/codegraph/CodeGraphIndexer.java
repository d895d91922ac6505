package dev.openevolve.codegraph;

import dev.openevolve.spi.OpenEvolveException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Builds and keeps up to date the {@link CodeGraph} of one source tree. Each {@link #update()} walks the tree,
 * re-parses only the files whose content changed (a file whose size and modification time are unchanged is not
 * read, unless it was modified just before the previous update; one that was touched but has the same SHA-256 is
 * not re-parsed), rebuilds the call resolution and reports
 * what changed as a {@link CodebaseAnalysis}.
 *
 * <p>Hidden directories, {@code target/}, {@code build/}, {@code node_modules/}, {@code __pycache__/} and
 * {@code openevolve_output/} (copies of evolved programs) are skipped and symbolic links are never followed (so a link loop cannot trap the walk). A file larger than
 * {@link Builder#maxFileBytes}, binary content, or a parse that exceeds {@link Builder#parseTimeout} is listed with
 * its {@link SourceFile.Status} and no declarations; syntax errors are recovered from and reported as
 * {@link SourceFile.Status#PARSED_WITH_ERRORS}.
 *
 * <p>Thread safe: updates are serialised; the graphs handed out are immutable.
 */
public final class CodeGraphIndexer {
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "build", "node_modules", "__pycache__",
            "openevolve_output");
    private static final int PARALLEL_THRESHOLD = 8;
    private static final long RACY_MILLIS = 2_000;

    private final Path root;
    private final long maxFileBytes;
    private final Duration parseTimeout;
    private final int threads;
    private final int maxFiles;
    private final List<Consumer<CodebaseAnalysis>> listeners;
    /** Compiled once per process: a compiled query is read-only, so every indexer's threads share it. */
    private static final Grammars GRAMMARS = new Grammars();
    private final FileParser[] parsers;
    private CodeGraph graph;
    private Map<String, Long> modifiedTimes = Map.of();
    private long previousScanMillis = Long.MIN_VALUE;

    private CodeGraphIndexer(Builder b) {
        this.root = b.root;
        this.maxFileBytes = b.maxFileBytes;
        this.parseTimeout = b.parseTimeout;
        this.threads = b.threads;
        this.maxFiles = b.maxFiles;
        this.listeners = List.copyOf(b.listeners);
        this.parsers = new FileParser[threads];
        for (int i = 0; i < threads; i++) {
            parsers[i] = new FileParser(GRAMMARS, parseTimeout.toNanos());
        }
        this.graph = CodeGraph.of(root, Map.of());
    }

    /** A builder for the tree under {@code root}. */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** The tree's root. */
    public Path root() {
        return root;
    }

    /** The graph of the last {@link #update()}; empty before the first. */
    public synchronized CodeGraph graph() {
        return graph;
    }

    /**
     * Brings the graph up to date with the files on disk and tells the listeners (on the calling thread; an
     * exception from a listener reaches the caller after the graph has been updated).
     *
     * @throws OpenEvolveException when the root is not a readable directory, naming it
     */
    public synchronized CodebaseAnalysis update() {
        long started = System.nanoTime();
        long scanMillis = System.currentTimeMillis();
        if (!Files.isDirectory(root)) {
            throw new OpenEvolveException("Cannot index source tree " + root + ": not a directory");
        }
        Map<String, ParsedFile> previous = graph.parsedFiles();
        var walk = walk();
        var next = new HashMap<String, ParsedFile>();
        var work = new ArrayList<Work>();
        for (Work w : walk.files) {
            ParsedFile old = previous.get(w.path);
            Long modified = modifiedTimes.get(w.path);
            // a file modified within the clock granularity of the previous scan may have changed again since
            boolean settled = w.modified + RACY_MILLIS < previousScanMillis;
            if (old != null && old.file().size() == w.size && modified != null && modified == w.modified && settled) {
                next.put(w.path, old);
            } else {
                work.add(new Work(w.file, w.path, w.lang, w.size, w.modified, old));
            }
        }
        var added = new TreeSet<String>();
        var changed = new TreeSet<String>();
        for (ParsedFile parsed : parseAll(work)) {
            String path = parsed.file().path();
            ParsedFile old = previous.get(path);
            if (old == null) {
                added.add(path);
            } else if (!old.file().sha256().equals(parsed.file().sha256()) || parsed.file().sha256().isEmpty()) {
                changed.add(path);
            }
            next.put(path, parsed);
        }
        var removed = new TreeSet<>(previous.keySet());
        removed.removeAll(next.keySet());
        boolean hasChanges = !added.isEmpty() || !changed.isEmpty() || !removed.isEmpty();
        if (hasChanges) {
            var changedPaths = new HashSet<String>(added);
            changedPaths.addAll(changed);
            changedPaths.addAll(removed);
            graph = previous.isEmpty() ? CodeGraph.of(root, next) : CodeGraph.updated(graph, next, changedPaths);
        }
        var times = new HashMap<String, Long>();
        walk.files.forEach(w -> times.put(w.path, w.modified));
        modifiedTimes = times;
        previousScanMillis = scanMillis;
        var analysis = new CodebaseAnalysis(graph, List.copyOf(added), List.copyOf(changed), List.copyOf(removed),
                next.size() - added.size() - changed.size(), walk.truncated,
                Duration.ofNanos(System.nanoTime() - started));
        listeners.forEach(l -> l.accept(analysis));
        return analysis;
    }

    private record Work(Path file, String path, Lang lang, long size, long modified, ParsedFile previous) {
    }

    private record Walk(List<Work> files, boolean truncated) {
    }

    private Walk walk() {
        var files = new ArrayList<Work>();
        boolean[] truncated = {false};
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
                    if (!attrs.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    var lang = Lang.of(file.getFileName().toString());
                    if (lang.isEmpty()) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (files.size() >= maxFiles) {
                        truncated[0] = true;
                        return FileVisitResult.TERMINATE;
                    }
                    String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                    files.add(new Work(file, relative, lang.get(), attrs.size(), attrs.lastModifiedTime().toMillis(),
                            null));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (file.equals(root)) {
                        throw new OpenEvolveException("Cannot index source tree " + root + ": " + e, e);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new OpenEvolveException("Cannot index source tree " + root + ": " + e, e);
        }
        return new Walk(files, truncated[0]);
    }

    /**
     * Parses the work on up to {@code threads} threads (the calling one included), each with its own parser, each
     * taking the next file when it is done with one, so a slow file does not hold up a fixed share of the others.
     */
    private List<ParsedFile> parseAll(List<Work> work) {
        var out = new ParsedFile[work.size()];
        var next = new AtomicInteger();
        int helpers = work.size() < PARALLEL_THRESHOLD ? 0 : Math.min(threads, work.size()) - 1;
        if (helpers == 0) {
            parseFrom(work, next, parsers[0], out);
            return Arrays.asList(out);
        }
        ExecutorService pool = Executors.newFixedThreadPool(helpers, r -> {
            var t = new Thread(r, "openevolve-codegraph");
            t.setDaemon(true);
            return t;
        });
        try {
            var futures = new ArrayList<Future<?>>();
            for (int i = 1; i <= helpers; i++) {
                FileParser parser = parsers[i];
                futures.add(pool.submit(() -> parseFrom(work, next, parser, out)));
            }
            parseFrom(work, next, parsers[0], out);
            for (Future<?> f : futures) {
                f.get();
            }
            return Arrays.asList(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenEvolveException("Indexing " + root + " was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new OpenEvolveException("Indexing " + root + " failed: "
                    + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private void parseFrom(List<Work> work, AtomicInteger next, FileParser parser, ParsedFile[] out) {
        for (int i = next.getAndIncrement(); i < work.size(); i = next.getAndIncrement()) {
            out[i] = parseOne(parser, work.get(i));
        }
    }

    private ParsedFile parseOne(FileParser parser, Work w) {
        if (w.size > maxFileBytes) {
            return ParsedFile.unparsed(w.path, w.lang, SourceFile.Status.TOO_LARGE, w.size, 0, "");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(w.file);
        } catch (IOException | OutOfMemoryError e) {
            return ParsedFile.unparsed(w.path, w.lang, SourceFile.Status.UNREADABLE, w.size, 0, "");
        }
        String sha = sha256(bytes);
        if (w.previous != null && w.previous.file().sha256().equals(sha)) {
            return w.previous;
        }
        return parser.parse(w.path, w.lang, bytes, sha);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Configures a {@link CodeGraphIndexer}. Not thread safe. */
    public static final class Builder {
        private final Path root;
        private long maxFileBytes = 1L << 20;
        private Duration parseTimeout = Duration.ofSeconds(5);
        private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int maxFiles = 50_000;
        private final List<Consumer<CodebaseAnalysis>> listeners = new ArrayList<>();

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        }

        /** Files larger than this are listed but not parsed; default 1 MiB. */
        public Builder maxFileBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxFileBytes must be at least 1 but was " + bytes);
            }
            this.maxFileBytes = bytes;
            return this;
        }

        /** How long one file may take to parse before it is given up as unreadable; default 5 s. */
        public Builder parseTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("parseTimeout must be positive but was " + timeout);
            }
            this.parseTimeout = timeout;
            return this;
        }

        /** Parsing threads for a large update; default the number of processors. */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("threads must be between 1 and 256 but was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** The walk stops after this many source files (the analysis says so); default 50,000. */
        public Builder maxFiles(int maxFiles) {
            if (maxFiles < 1) {
                throw new IllegalArgumentException("maxFiles must be at least 1 but was " + maxFiles);
            }
            this.maxFiles = maxFiles;
            return this;
        }

        /** Told of every {@link CodebaseAnalysis} (the {@code codebaseAnalysisComplete} event). */
        public Builder listener(Consumer<CodebaseAnalysis> listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public CodeGraphIndexer build() {
            return new CodeGraphIndexer(this);
        }
    }
}
