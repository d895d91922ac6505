package dev.openevolve.benchmarks;

import dev.openevolve.evaluation.JavaSourceEvaluator;
import dev.openevolve.internal.sandbox.Workspace;
import dev.openevolve.spi.Candidate;
import dev.openevolve.spi.EvaluationRequest;
import dev.openevolve.spi.EvaluationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

/**
 * Cost of evaluating one small Java candidate end to end (compile with the harness, run in a sandboxed child JVM,
 * parse the result): {@code cold} starts a JVM per evaluation, {@code warm} reuses a warm worker JVM. The baseline
 * is the bare start of a JVM ({@code java -version}), the floor a cold evaluation cannot beat.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JavaEvaluationBenchmark {
    private static final String HARNESS = """
            import java.util.Map;
            public class BenchHarness {
                public static Map<String, ?> evaluate() {
                    return Map.of("combined_score", 1.0 / (1.0 + Math.abs(PriceModel.price(10) - 42.0)));
                }
            }
            """;
    private static final String CANDIDATE = """
            public class PriceModel {
                static final double RATE = 4.2;
                public static double price(int quantity) { return quantity * RATE; }
            }
            """;

    @Param({"cold", "warm"})
    public String mode;

    private Path dir;
    private JavaSourceEvaluator evaluator;
    private EvaluationRequest request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("openevolve-bench");
        Path harness = Files.writeString(dir.resolve("BenchHarness.java"), HARNESS);
        evaluator = JavaSourceEvaluator.builder().harness(harness).memoryLimitMb(128)
                .warmWorkers(mode.equals("warm") ? 1 : 0).build();
        request = new EvaluationRequest(new Candidate("bench", CANDIDATE, "java"), 1, Duration.ofSeconds(60));
        EvaluationResult first = evaluator.evaluate(request);
        if (!first.succeeded()) {
            throw new IllegalStateException("benchmark candidate does not evaluate: " + first);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        evaluator.close();
        Workspace.deleteTree(dir);
    }

    /** One evaluation of the small candidate. */
    @Benchmark
    public EvaluationResult evaluate() throws Exception {
        return evaluator.evaluate(request);
    }

    /** Baseline: start a JVM that does nothing ({@code java -version}). */
    @Benchmark
    public int baselineBareJvmStart() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:-UsePerfData", "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }
}
