package dev.openevolve.benchmarks;

import dev.openevolve.codegraph.CodeGraph;
import dev.openevolve.codegraph.CodeGraphIndexer;
import dev.openevolve.codegraph.CodebaseAnalysis;
import dev.openevolve.codegraph.TreeSitterContextProvider;
import dev.openevolve.internal.context.SourceTreeContextProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The tree-sitter code graph ({@code codegraph}, provider {@code treesitter}) beside the built-in regex scanner
 * ({@code source-tree}) on the same tree of about {@value #TARGET_LINES} lines of Java:
 * <ul>
 *   <li>{@link #baseline}: walk the tree and read every file, the floor any scanner pays;</li>
 *   <li>{@link #regexDescribe}: the regex scanner's whole job (scan and render);</li>
 *   <li>{@link #treeSitterIndex}: parse every file and build the graph (definitions, imports, calls resolved,
 *       callers);</li>
 *   <li>{@link #treeSitterDescribe}: the tree-sitter provider's whole job (index and render);</li>
 *   <li>{@link #incrementalOneFile}: update a built graph after one file changed, beside
 *       {@link #incrementalNoChange} (the walk and stat check alone).</li>
 * </ul>
 * Each prints its process CPU time per operation beside JMH's wall time ({@link CpuClock}).
 * The corpus is {@code project} (this repository's own Java sources, replicated until it reaches the size; the
 * repository is found from the working directory or {@code -Dopenevolve.sources=DIR}) or {@code generated}
 * (deterministic classes that import and call each other).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class CodebaseIndexBenchmark {
    static final int TARGET_LINES = 100_000;
    private static final int DESCRIBE_CHARS = 1 << 24;

    /** The corpus on disk. */
    @State(Scope.Benchmark)
    public static class Corpus {
        @Param({"project", "generated"})
        public String corpus;

        Path root;
        int lines;
        int files;

        @Setup(Level.Trial)
        public void create() throws IOException {
            root = Files.createTempDirectory("codegraph-bench");
            if (corpus.equals("generated")) {
                generate(root);
            } else {
                replicate(findSources(), root);
            }
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.filter(Files::isRegularFile).toList()) {
                    files++;
                    lines += Files.readAllLines(p).size();
                    Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(600)));
                }
            }
            System.out.printf("%ncorpus %s: %d files, %d lines under %s%n", corpus, files, lines, root);
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            deleteTree(root);
        }
    }

    /**
     * Process CPU time per operation over the measurement iterations (every thread of the JVM: the parsing pool,
     * the garbage collector and the compiler included), printed with the load average at the end of the trial: on a
     * shared machine the wall time per operation grows with the load, the CPU time much less.
     */
    @State(Scope.Thread)
    public static class CpuClock {
        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long ops;
        private long iterationStart;
        private long measuredNanos;
        private long measuredOps;

        @Setup(Level.Iteration)
        public void start() {
            ops = 0;
            iterationStart = OS.getProcessCpuTime();
        }

        @TearDown(Level.Iteration)
        public void stop(IterationParams iteration) {
            if (iteration.getType() == IterationType.MEASUREMENT) {
                measuredNanos += OS.getProcessCpuTime() - iterationStart;
                measuredOps += ops;
            }
        }

        @TearDown(Level.Trial)
        public void report(BenchmarkParams benchmark) {
            System.out.printf("%n%s: %.3f ms CPU/op over %d ops, %d processors, load average %.2f%n",
                    benchmark.getBenchmark().substring(benchmark.getBenchmark().lastIndexOf('.') + 1),
                    measuredNanos / 1e6 / Math.max(1, measuredOps), measuredOps, OS.getAvailableProcessors(),
                    OS.getSystemLoadAverage());
        }
    }

    @Benchmark
    public long baseline(Corpus c, CpuClock cpu) throws IOException {
        cpu.ops++;
        long bytes = 0;
        try (Stream<Path> all = Files.walk(c.root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                bytes += Files.readAllBytes(p).length;
            }
        }
        return bytes;
    }

    @Benchmark
    public String regexDescribe(Corpus c, CpuClock cpu) {
        cpu.ops++;
        return new SourceTreeContextProvider().describe(c.root, DESCRIBE_CHARS);
    }

    @Benchmark
    public CodeGraph treeSitterIndex(Corpus c, CpuClock cpu) {
        cpu.ops++;
        return CodeGraphIndexer.builder(c.root).build().update().graph();
    }

    @Benchmark
    public String treeSitterDescribe(Corpus c, CpuClock cpu) {
        cpu.ops++;
        return new TreeSitterContextProvider().describe(c.root, DESCRIBE_CHARS);
    }

    /** A graph built once. */
    @State(Scope.Benchmark)
    public static class Built {
        CodeGraphIndexer indexer;

        @Setup(Level.Trial)
        public void build(Corpus c) {
            indexer = CodeGraphIndexer.builder(c.root).build();
            indexer.update();
        }
    }

    /** A graph built once; one file alternates between two contents before each measured update. */
    @State(Scope.Benchmark)
    public static class OneFileChanged extends Built {
        Path changed;
        String original;
        boolean flip;

        @Setup(Level.Trial)
        public void pick(Corpus c) throws IOException {
            try (Stream<Path> all = Files.walk(c.root)) {
                changed = all.filter(p -> p.toString().endsWith(".java")).sorted().skip(c.files / 2).findFirst()
                        .orElseThrow();
            }
            original = Files.readString(changed);
        }

        @Setup(Level.Invocation)
        public void change() throws IOException {
            flip = !flip;
            Files.writeString(changed, flip ? original + "\nclass Extra { void x() { y(); } }\n" : original);
            Files.setLastModifiedTime(changed, FileTime.from(Instant.now()));
        }
    }

    @Benchmark
    public CodebaseAnalysis incrementalOneFile(OneFileChanged state, CpuClock cpu) {
        cpu.ops++;
        CodebaseAnalysis analysis = state.indexer.update();
        if (analysis.changed().size() != 1) {
            throw new IllegalStateException("expected one changed file but got " + analysis.changed());
        }
        return analysis;
    }

    @Benchmark
    public CodebaseAnalysis incrementalNoChange(Built state, CpuClock cpu) {
        cpu.ops++;
        return state.indexer.update();
    }

    private static Path findSources() {
        String configured = System.getProperty("openevolve.sources");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("core/src/main/java/dev/openevolve"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository's sources from " + start
                + "; run from the repository or pass -Dopenevolve.sources=DIR");
    }

    /** Copies every {@code src/**}{@code /*.java} of the repository into copy0/, copy1/, … until the size is reached. */
    static void replicate(Path repository, Path target) throws IOException {
        List<Path> sources;
        try (Stream<Path> all = Files.walk(repository)) {
            sources = all.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/")
                    && !p.toString().contains("/target/")).sorted().toList();
        }
        int lines = 0;
        for (int copy = 0; lines < TARGET_LINES; copy++) {
            for (Path source : sources) {
                Path to = target.resolve("copy" + copy).resolve(repository.relativize(source).toString());
                Files.createDirectories(to.getParent());
                Files.copy(source, to);
                lines += Files.readAllLines(to).size();
            }
        }
    }

    /** Packages of classes that import and call each other, about 100 lines a class. */
    static void generate(Path target) throws IOException {
        int classes = TARGET_LINES / 100;
        for (int i = 0; i < classes; i++) {
            String pkg = "gen.p" + i % 20;
            var sb = new StringBuilder("package ").append(pkg).append(";\n\n");
            sb.append("import java.util.ArrayList;\nimport java.util.List;\nimport gen.p").append((i + 1) % 20)
                    .append(".C").append((i + 1) % classes).append(";\n\n");
            sb.append("/** Generated class ").append(i).append(". */\npublic class C").append(i).append(" {\n");
            sb.append("    private final List<Integer> values = new ArrayList<>();\n\n");
            for (int m = 0; m < 9; m++) {
                sb.append("    /** Method ").append(m).append(". */\n");
                sb.append("    public int m").append(m).append("(int x, List<Integer> acc) {\n");
                sb.append("        int total = 0;\n");
                sb.append("        for (int k = 0; k < x; k++) {\n");
                sb.append("            total += k * ").append(m + 1).append(" + helper(k);\n");
                sb.append("        }\n");
                sb.append("        acc.add(total);\n");
                sb.append("        return total + C").append((i + 1) % classes).append(".s").append(m)
                        .append("(total) + m").append((m + 1) % 9).append("Guard(x);\n");
                sb.append("    }\n\n");
                sb.append("    public static int s").append(m).append("(int v) { return v % 7; }\n");
            }
            for (int m = 0; m < 9; m++) {
                sb.append("    private int m").append(m).append("Guard(int x) { return x > 0 ? 0 : 1; }\n");
            }
            sb.append("\n    private int helper(int k) {\n        values.add(k);\n        return values.size();\n    }\n}\n");
            Path file = target.resolve(pkg.replace('.', '/')).resolve("C" + i + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, sb);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

}
