package dev.openevolve.benchmarks;

import dev.openevolve.Controller;
import dev.openevolve.RunResult;
import dev.openevolve.config.ConfigLoader;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.evaluation.OpenEvolvePythonEvaluator;
import dev.openevolve.plugin.Providers;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Store;
import dev.openevolve.store.jdbc.JdbcStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one engine iteration on OpenEvolve's function-minimisation example (this repository's
 * {@code examples/function_minimization}, its {@code config.yaml}) with an instant model (the offline
 * {@code mutation} model): sample a parent, prompt, answer, apply the diff, evaluate both cascade stages of the
 * Python evaluator in the sandbox, commit, store. {@code evaluator} is {@code cold} (a new interpreter per stage)
 * or {@code warm} (a child forked from a warm interpreter, kept for the candidate's second stage); {@code store} is
 * the in-memory store or the jdbc store on an embedded H2 file with the default URL's flags (each commit written
 * before it returns), opened once per trial as a host opens it once
 * (opening and migrating a database is not an iteration's cost). Each invocation is a fresh run of
 * {@value #ITERATIONS} iterations, reported per iteration; the long warm-up lets the JIT compiler finish (the first
 * thousand iterations cost about twice as much). OpenEvolve's figure for the same loop is about 13 ms per
 * iteration (its own measurement, not taken under this harness). The baseline is the bare start of the interpreter
 * ({@code python3 -c pass}, the interpreter itself rather than a launcher such as a pyenv shim), the floor of a
 * cold evaluation stage. {@link EngineIterationCost} runs the same loop and reports cpu time beside wall time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 30)
@Measurement(iterations = 10)
@Fork(1)
public class EngineIterationBenchmark {
    static final int ITERATIONS = 40;
    /** The flags of the default store URL: each commit is written to the file before it returns. */
    static final String H2_FLAGS = JdbcStore.DEFAULT_URL.substring(JdbcStore.DEFAULT_URL.indexOf(';'));

    @Param({"cold", "warm"})
    public String evaluator;

    @Param({"memory", "h2"})
    public String store;

    private Path example;
    private Path dataDir;
    private OpenEvolveConfig config;
    private OpenEvolvePythonEvaluator python;
    private Store opened;
    private final AtomicLong runs = new AtomicLong();
    private String interpreter;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        example = Files.isDirectory(Path.of("examples/function_minimization"))
                ? Path.of("examples/function_minimization") : Path.of("../examples/function_minimization");
        OpenEvolveConfig loaded = ConfigLoader.load(example.resolve("config.yaml"), Map.of());
        config = loaded.toBuilder().engine(loaded.engine().withMaxIterations(ITERATIONS).withLanguage("python")
                .withCheckpointInterval(10)).build();
        python = OpenEvolvePythonEvaluator.builder().evaluatorFile(example.resolve("evaluator.py"))
                .cascade(config.evaluation().cascade()).memoryLimitMb(config.evaluation().memoryLimitMb())
                .warmWorkers(evaluator.equals("warm") ? config.evaluation().parallelism() : 0).build();
        dataDir = Files.createTempDirectory("openevolve-engine-bench");
        opened = store.equals("memory") ? Providers.store("memory").open(Settings.empty())
                : Providers.store("jdbc").open(Settings.of(Map.of("url",
                "jdbc:h2:file:" + dataDir.resolve("runs").toAbsolutePath() + H2_FLAGS)));
        Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
        interpreter = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        python.close();
        opened.close();
        try (var paths = Files.walk(dataDir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A fresh run of {@value #ITERATIONS} iterations; the time is reported per iteration. */
    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    public RunResult iteration() throws IOException {
        String runId = "bench-" + runs.incrementAndGet();
        try (var controller = Controller.builder().config(config).runId(runId)
                .initialProgram(Files.readString(example.resolve("initial_program.py")))
                .evaluator(python).store(opened).build()) {
            RunResult result = controller.run();
            if (result.iterations() != ITERATIONS) {
                throw new IllegalStateException("the run stopped early: " + result.reason() + " " + result.detail());
            }
            return result;
        }
    }

    /** Baseline: start the interpreter and do nothing. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 2)
    public int baselineBarePythonStart() throws Exception {
        return new ProcessBuilder(interpreter, "-c", "pass").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }
}
