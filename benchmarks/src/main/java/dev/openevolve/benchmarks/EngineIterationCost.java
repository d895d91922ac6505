package dev.openevolve.benchmarks;

import dev.openevolve.Controller;
import dev.openevolve.RunResult;
import dev.openevolve.config.ConfigLoader;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.evaluation.OpenEvolvePythonEvaluator;
import dev.openevolve.plugin.Providers;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The harness beside {@link EngineIterationBenchmark}: the same runs (function-minimisation example, instant
 * offline model, Python evaluator, memory or H2 store), reported as wall-clock <em>and cpu</em> milliseconds per
 * iteration. Cpu time is this JVM's plus that of every process it started and reaped (the evaluator's interpreters
 * and the children they forked), read from {@code /proc/self/stat} after the evaluator is closed; it is far less
 * sensitive than wall-clock time to other work on a shared machine.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.openevolve.benchmarks.EngineIterationCost \
 *     [--store memory|h2] [--evaluator warm|cold] [--runs 10] [--iterations 40] [--parallel N] \
 *     [--checkpoint-interval 10]</pre>
 *
 * Warm-up: {@code --runs} runs whose figures are dropped (the JIT compiler is busy during the first thousand
 * iterations). Then {@code --runs} fresh runs of {@code --iterations} iterations each. Both phases write to one
 * store opened before them (with {@code h2} a new database file with the default URL's flags), so opening and
 * migrating it is not counted.
 */
public final class EngineIterationCost {
    private EngineIterationCost() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.HashMap<>(Map.of("--store", "memory", "--evaluator", "warm",
                "--runs", "10", "--iterations", "40", "--parallel", "0", "--checkpoint-interval", "10"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!opts.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + opts.keySet());
            }
            opts.put(args[i], args[i + 1]);
        }
        String store = opts.get("--store");
        boolean warm = opts.get("--evaluator").equals("warm");
        int runs = Integer.parseInt(opts.get("--runs"));
        int iterations = Integer.parseInt(opts.get("--iterations"));
        Path example = Files.isDirectory(Path.of("examples/function_minimization"))
                ? Path.of("examples/function_minimization") : Path.of("../examples/function_minimization");
        OpenEvolveConfig loaded = ConfigLoader.load(example.resolve("config.yaml"), Map.of());
        var engine = loaded.engine().withMaxIterations(iterations).withLanguage("python")
                .withCheckpointInterval(Integer.parseInt(opts.get("--checkpoint-interval")));
        int parallel = Integer.parseInt(opts.get("--parallel"));
        if (parallel > 0) {
            engine = engine.withParallelIterations(parallel);
        }
        OpenEvolveConfig config = loaded.toBuilder().engine(engine).build();
        String initial = Files.readString(example.resolve("initial_program.py"));
        Path dataDir = Files.createTempDirectory("openevolve-engine-cost");
        try (Store s = store.equals("memory") ? Providers.store("memory").open(Settings.empty())
                : Providers.store("jdbc").open(Settings.of(Map.of("url",
                "jdbc:h2:file:" + dataDir.resolve("runs").toAbsolutePath()
                + EngineIterationBenchmark.H2_FLAGS)))) {
            run(config, example, initial, s, store, warm, runs, "warm-up");
            run(config, example, initial, s, store, warm, runs, "measured");
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(OpenEvolveConfig config, Path example, String initial, Store s, String store,
                            boolean warm, int runs, String label) throws IOException {
        long[] cpu0 = cpuTicks();
        long started = System.nanoTime();
        long iterations = 0;
        try (var python = OpenEvolvePythonEvaluator.builder().evaluatorFile(example.resolve("evaluator.py"))
                .cascade(config.evaluation().cascade()).memoryLimitMb(config.evaluation().memoryLimitMb())
                .warmWorkers(warm ? config.evaluation().parallelism() : 0).build()) {
            for (int r = 0; r < runs; r++) {
                try (var controller = Controller.builder().config(config).runId(label + "-" + r)
                        .initialProgram(initial).evaluator(python).store(s).build()) {
                    RunResult result = controller.run();
                    iterations += result.iterations();
                }
            }
        }
        double wallMs = (System.nanoTime() - started) / 1e6;
        long[] cpu1 = cpuTicks();
        double tick = 1000.0 / 100;   // USER_HZ
        double jvm = (cpu1[0] - cpu0[0]) * tick;
        double children = (cpu1[1] - cpu0[1]) * tick;
        System.out.printf(Locale.ROOT, "%s: store=%s evaluator=%s parallel=%d runs=%d iterations=%d: "
                        + "wall %.2f ms/iteration, cpu %.2f ms/iteration (jvm %.2f, child processes %.2f); "
                        + "load average %s%n", label, store, warm ? "warm" : "cold",
                config.engine().parallelIterations(), runs, iterations, wallMs / iterations,
                (jvm + children) / iterations, jvm / iterations, children / iterations, loadAverage());
    }

    /** utime+stime of this process, and cutime+cstime of its reaped children, in clock ticks. */
    private static long[] cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command name: field 3 is state, so utime (14) is index 11
        return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }
}
