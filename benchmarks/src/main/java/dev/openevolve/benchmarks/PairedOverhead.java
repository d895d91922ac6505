package dev.openevolve.benchmarks;

import dev.openevolve.config.PerformanceConfig;
import dev.openevolve.internal.store.memory.MemoryStore;
import dev.openevolve.metrics.MetricsSampler;
import dev.openevolve.metrics.Operation;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.math3.distribution.TDistribution;
import org.openjdk.jmh.infra.Blackhole;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the sampler costs the host thread, measured in pairs inside one JVM: blocks of about 2 ms of the bare
 * operation, of the operation sampled at the seed defaults, sampled at rate 1.0 (one record each), inside
 * Micrometer's timer, and between two {@link System#nanoTime} reads (the floor of any timer), in a random order every round (so that each case follows each other as often, and meets the background
 * thread still writing the samples of the case before it as often); each case's block is compared with the bare block of its
 * own round, over many rounds.
 *
 * <p>Why beside the JMH rows: JMH runs each case in forks of its own, and on a shared two-core machine forks of the
 * same code differ by up to 5 %, more than the 1 % at stake on a 5 µs operation. Here every case calls one compiled
 * copy of the host operation ({@link Blackhole#consumeCPU} kept out of line by a compile command), so its code and
 * its alignment are the same for all cases, and the machine's slower drifts reach all cases of a round alike. Each
 * case's loop is a method of its own, so the JIT profiles and compiles it as it would a host's call site.
 *
 * <p>Times are the host thread's CPU time per block (the sampler's background thread excluded) and wall time. The
 * estimate per case is the 10 % trimmed mean of its per-round differences, with the standard error of that mean; pooled over JVMs, the
 * interval counts their spread with Student's t.
 * Beside them: the CPU time the rate 1.0 sampler's background thread spent per sample it took to the memory store.
 *
 * <p>Usage: {@code java -XX:CompileCommand=dontinline,org.openjdk.jmh.infra.Blackhole::consumeCPU -cp benchmarks.jar
 * dev.openevolve.benchmarks.PairedOverhead SIZE ROUNDS}; prints one line; {@link #inChildJvm} starts it so.
 */
public final class PairedOverhead {
    /** The cases besides bare, in their column order ({@code clocks}: two nanoTime reads alone). */
    static final List<String> CASES = List.of("seed", "record", "micrometer", "clocks");
    private static final String PREFIX = "paired-overhead ";
    private static final double TRIM = 0.1;
    private static final int WARMUP_ROUNDS = 300;
    private static final long ORDER_SEED = 20261203;

    private PairedOverhead() {
    }

    /**
     * One estimate: a trimmed mean per operation, its standard error and that error's degrees of freedom (many
     * within one JVM; the number of JVMs less one where their spread is the error).
     */
    record Estimate(double mean, double standardError, int degreesOfFreedom) {
        /** Within one JVM's hundreds of rounds: the normal quantile applies. */
        static final int MANY = Integer.MAX_VALUE;

        Estimate(double mean, double standardError) {
            this(mean, standardError, MANY);
        }

        /**
         * The mean over JVMs. Its error is the larger of the JVMs' own errors combined and the error their spread
         * implies; with the spread, the interval takes Student's t for that few JVMs.
         */
        static Estimate pooled(List<Estimate> forks) {
            int k = forks.size();
            double mean = forks.stream().mapToDouble(Estimate::mean).average().orElse(Double.NaN);
            double within = Math.sqrt(forks.stream().mapToDouble(e -> e.standardError * e.standardError).sum()) / k;
            if (k < 2) {
                return new Estimate(mean, within);
            }
            double sq = forks.stream().mapToDouble(e -> (e.mean - mean) * (e.mean - mean)).sum();
            double between = Math.sqrt(sq / (k - 1) / k);
            return between > within ? new Estimate(mean, between, k - 1) : new Estimate(mean, within);
        }

        /** Half the width of the 95 % interval. */
        double halfWidth() {
            double quantile = degreesOfFreedom >= 1_000 ? 1.96
                    : new TDistribution(degreesOfFreedom).inverseCumulativeProbability(0.975);
            return quantile * standardError;
        }
    }

    /**
     * One JVM's figures for one size: the bare operation's CPU and wall ns, and per case the extra CPU and wall ns
     * per operation over the bare block of the same round; {@code recordMinusMicrometer} pairs those two directly.
     */
    record Figures(String size, int rounds, double bareCpu, double bareWall, Map<String, Estimate> cpu,
                   Map<String, Estimate> wall, Estimate recordMinusMicrometer, double backgroundPerSample) {

        static Figures pooled(List<Figures> forks) {
            Figures first = forks.get(0);
            Map<String, Estimate> cpu = new LinkedHashMap<>();
            Map<String, Estimate> wall = new LinkedHashMap<>();
            for (String c : CASES) {
                cpu.put(c, Estimate.pooled(forks.stream().map(f -> f.cpu.get(c)).toList()));
                wall.put(c, Estimate.pooled(forks.stream().map(f -> f.wall.get(c)).toList()));
            }
            return new Figures(first.size, forks.stream().mapToInt(Figures::rounds).sum(),
                    forks.stream().mapToDouble(Figures::bareCpu).average().orElse(Double.NaN),
                    forks.stream().mapToDouble(Figures::bareWall).average().orElse(Double.NaN), cpu, wall,
                    Estimate.pooled(forks.stream().map(Figures::recordMinusMicrometer).toList()),
                    forks.stream().mapToDouble(Figures::backgroundPerSample).average().orElse(Double.NaN));
        }

        double seedPercent() {
            return 100 * cpu.get("seed").mean / bareCpu;
        }

        double seedPercentHalfWidth() {
            return 100 * cpu.get("seed").halfWidth() / bareCpu;
        }

        String line() {
            StringBuilder sb = new StringBuilder(PREFIX).append(size).append(' ').append(rounds).append(' ')
                    .append(bareCpu).append(' ').append(bareWall);
            for (String c : CASES) {
                append(sb, cpu.get(c));
                append(sb, wall.get(c));
            }
            append(sb, recordMinusMicrometer);
            return sb.append(' ').append(backgroundPerSample).toString();
        }

        private static void append(StringBuilder sb, Estimate e) {
            sb.append(' ').append(e.mean).append(' ').append(e.standardError);
        }

        static Figures parse(String line) {
            String[] f = line.substring(PREFIX.length()).trim().split(" ");
            int i = 4;
            Map<String, Estimate> cpu = new LinkedHashMap<>();
            Map<String, Estimate> wall = new LinkedHashMap<>();
            for (String c : CASES) {
                cpu.put(c, new Estimate(Double.parseDouble(f[i]), Double.parseDouble(f[i + 1])));
                wall.put(c, new Estimate(Double.parseDouble(f[i + 2]), Double.parseDouble(f[i + 3])));
                i += 4;
            }
            return new Figures(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    cpu, wall, new Estimate(Double.parseDouble(f[i]), Double.parseDouble(f[i + 1])),
                    Double.parseDouble(f[i + 2]));
        }
    }

    /** Runs one size in a JVM of its own, the host operation kept out of line, and returns its figures. */
    static Figures inChildJvm(String size, int rounds) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch", "-XX:CompileCommand=quiet",
                "-XX:CompileCommand=dontinline,org.openjdk.jmh.infra.Blackhole::consumeCPU",
                "-cp", System.getProperty("java.class.path"), PairedOverhead.class.getName(), size,
                String.valueOf(rounds)).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                output.add(line);
            }
        }
        int exit = p.waitFor();
        String last = output.isEmpty() ? "" : output.get(output.size() - 1);
        if (exit != 0 || !last.startsWith(PREFIX)) {
            throw new IOException("paired overhead run for " + size + " failed (exit " + exit + "): "
                    + String.join("\n", output));
        }
        return Figures.parse(last);
    }

    /** {@code SIZE ROUNDS}: measures and prints one line of figures. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: PairedOverhead SIZE(1us|5us|50us) ROUNDS");
            System.exit(2);
        }
        System.out.println(measure(args[0], Integer.parseInt(args[1])).line());
        System.exit(0);
    }

    /** Measures {@code rounds} rounds (after warm-up rounds that are not counted) of one size in this JVM. */
    static Figures measure(String size, int rounds) {
        long tokens = SamplerOverhead.HostOperation.tokensFor(size);
        int ops = (int) Math.max(100, 2_000_000 / (tokens * 2));
        MemoryStore seedStore = MemoryStore.create();
        MemoryStore everyStore = MemoryStore.create();
        MetricsSampler seed = MetricsSampler.create(PerformanceConfig.defaults(), seedStore.metrics());
        Thread[] background = new Thread[1];
        MetricsSampler every = MetricsSampler.builder(PerformanceConfig.defaults().withSamplingRate(1.0),
                everyStore.metrics()).threadFactory(r -> background[0] = new Thread(r, "paired-every-flusher")).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Timer timer = Timer.builder("paired.op").register(registry);
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long backgroundAtStart = 0;
        long recordedAtStart = 0;
        int cases = CASES.size() + 1;
        double[][] cpu = new double[cases][rounds];
        double[][] wall = new double[cases][rounds];
        SplittableRandom shuffle = new SplittableRandom(ORDER_SEED);
        int[] order = new int[cases];
        for (int r = -WARMUP_ROUNDS; r < rounds; r++) {
            if (r == 0) {
                every.flush();
                backgroundAtStart = bean.getThreadCpuTime(background[0].getId());
                recordedAtStart = every.stats().recorded();
            }
            shuffle(order, shuffle);
            for (int c : order) {
                long cpu0 = bean.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                switch (c) {
                    case 0 -> bare(tokens, ops);
                    case 1 -> seedDefaults(seed, tokens, ops);
                    case 2 -> everyOperation(every, tokens, ops);
                    case 3 -> micrometer(registry, timer, tokens, ops);
                    default -> clocks(tokens, ops);
                }
                long wall1 = System.nanoTime();
                long cpu1 = bean.getCurrentThreadCpuTime();
                if (r >= 0) {
                    cpu[c][r] = (cpu1 - cpu0) / (double) ops;
                    wall[c][r] = (wall1 - wall0) / (double) ops;
                }
            }
        }
        every.flush();
        double backgroundPerSample = (bean.getThreadCpuTime(background[0].getId()) - backgroundAtStart)
                / (double) (every.stats().recorded() - recordedAtStart);
        seed.close();
        every.close();
        registry.close();
        Map<String, Estimate> cpuExtra = new LinkedHashMap<>();
        Map<String, Estimate> wallExtra = new LinkedHashMap<>();
        for (int c = 1; c < cases; c++) {
            cpuExtra.put(CASES.get(c - 1), trimmedMean(difference(cpu[c], cpu[0])));
            wallExtra.put(CASES.get(c - 1), trimmedMean(difference(wall[c], wall[0])));
        }
        return new Figures(size, rounds, trimmedMean(cpu[0]).mean, trimmedMean(wall[0]).mean, cpuExtra, wallExtra,
                trimmedMean(difference(cpu[2], cpu[3])), backgroundPerSample);
    }

    /** A fresh random order of the cases: each case follows each other equally often, whose leftovers it meets. */
    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static double[] difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    /** The trimmed mean and its standard error from the winsorised variance. */
    static Estimate trimmedMean(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        int g = (int) (TRIM * n);
        double sum = 0;
        for (int i = g; i < n - g; i++) {
            sum += sorted[i];
        }
        double mean = sum / (n - 2 * g);
        double winsorisedMean = 0;
        for (int i = 0; i < n; i++) {
            winsorisedMean += sorted[Math.min(Math.max(i, g), n - 1 - g)];
        }
        winsorisedMean /= n;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double d = sorted[Math.min(Math.max(i, g), n - 1 - g)] - winsorisedMean;
            sq += d * d;
        }
        double sd = Math.sqrt(sq / (n - 1));
        return new Estimate(mean, sd / ((1 - 2 * TRIM) * Math.sqrt(n)));
    }

    private static void bare(long tokens, int ops) {
        for (int i = 0; i < ops; i++) {
            Blackhole.consumeCPU(tokens);
        }
    }

    // seedDefaults and everyOperation have one body on purpose: two methods, so that each call site has its own
    // profile, as a host's would (one sampled at 0.1, one at 1.0)
    @SuppressWarnings("try") // the handle is the measurement
    private static void seedDefaults(MetricsSampler sampler, long tokens, int ops) {
        for (int i = 0; i < ops; i++) {
            try (Operation op = sampler.start("paired", "op")) {
                Blackhole.consumeCPU(tokens);
            }
        }
    }

    @SuppressWarnings("try") // the handle is the measurement
    private static void everyOperation(MetricsSampler sampler, long tokens, int ops) {
        for (int i = 0; i < ops; i++) {
            try (Operation op = sampler.start("paired", "op")) {
                Blackhole.consumeCPU(tokens);
            }
        }
    }

    /** Keeps the clock readings of {@link #clocks} alive. */
    static long sink;

    /** The floor of any timer: the operation between two {@link System#nanoTime} reads. */
    private static void clocks(long tokens, int ops) {
        long s = 0;
        for (int i = 0; i < ops; i++) {
            long t0 = System.nanoTime();
            Blackhole.consumeCPU(tokens);
            s += System.nanoTime() - t0;
        }
        sink += s;
    }

    private static void micrometer(SimpleMeterRegistry registry, Timer timer, long tokens, int ops) {
        for (int i = 0; i < ops; i++) {
            Timer.Sample sample = Timer.start(registry);
            Blackhole.consumeCPU(tokens);
            sample.stop(timer);
        }
    }

    /** One line of one JVM's figures: CPU ns over bare per case. */
    static String brief(Figures f) {
        return String.format(Locale.ROOT, "bare %.1f ns; seed %+.1f, record %+.1f, Micrometer %+.1f, two clock reads"
                        + " %+.1f ns; record - Micrometer %+.1f ns; background thread %.1f ns per sample", f.bareCpu,
                f.cpu.get("seed").mean, f.cpu.get("record").mean, f.cpu.get("micrometer").mean,
                f.cpu.get("clocks").mean, f.recordMinusMicrometer.mean, f.backgroundPerSample);
    }

    /** Pooled figures for the gate's report, the seed defaults against {@code aimPercent}. */
    static String describe(Figures f, double aimPercent) {
        Estimate record = f.cpu.get("record");
        Estimate micrometer = f.cpu.get("micrometer");
        Estimate clocks = f.cpu.get("clocks");
        double upper = f.seedPercent() + f.seedPercentHalfWidth();
        return String.format(Locale.ROOT, "%s pooled: bare %.1f ns; seed defaults %+.2f%% ± %.2f (aim <= %.0f%%: %s);"
                        + " one sampled record +%.1f ± %.1f ns, Micrometer start+stop +%.1f ± %.1f ns, two"
                        + " System.nanoTime reads alone +%.1f ± %.1f ns; record - Micrometer %+.1f ± %.1f ns (ratio %.2f,"
                        + " aim <= 1.0: %s); wall time: seed %+.2f%%, record +%.1f ns, Micrometer +%.1f ns; the background"
                        + " thread: %.1f ns of its own CPU per sample into the memory store",
                f.size, f.bareCpu, f.seedPercent(), f.seedPercentHalfWidth(), aimPercent,
                upper <= aimPercent ? "met" : "not shown", record.mean, record.halfWidth(), micrometer.mean,
                micrometer.halfWidth(), clocks.mean, clocks.halfWidth(), f.recordMinusMicrometer.mean,
                f.recordMinusMicrometer.halfWidth(), record.mean / micrometer.mean,
                f.recordMinusMicrometer.mean + f.recordMinusMicrometer.halfWidth() <= 0 ? "met"
                        : f.recordMinusMicrometer.mean - f.recordMinusMicrometer.halfWidth() > 0 ? "not met"
                        : "not resolved",
                100 * f.wall.get("seed").mean / f.bareWall, f.wall.get("record").mean, f.wall.get("micrometer").mean,
                f.backgroundPerSample);
    }
}
