package dev.openevolve.benchmarks;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sampler overhead gate: runs {@link SamplerOverhead} in short forked runs with real stores behind the sampler —
 * bare, sampled at the seed's rate 0.1 into the built-in memory store and into the jdbc store on H2, Micrometer's
 * timer around the same operation, one sampled record at rate 1.0 (also with two host threads recording at once,
 * against Micrometer with two threads), and the not-sampled path — then
 * {@link SamplerChecks}: drops with 8 busy host threads and {@code close()} in front of a store that blocks and
 * ignores interrupts; before all that, the paired measurement ({@link PairedOverhead}: every case in alternating
 * blocks inside each of several JVMs, in host-thread CPU time, with a 95 % interval), printed, and kept for
 * rows over the limit. It prints every figure and exits with 1 when a robust promise is broken:
 * one sampled record costing more than {@value #RECORD_RATIO_LIMIT}× Micrometer's start+stop in the benchmark
 * thread's CPU time ({@link ThreadCpuProfiler}, 1 µs operations, each in its own forks), the sampled overhead
 * into the memory store over the limit (5 %) on an operation of at least 1 µs in the JMH forks' wall time and in
 * the paired measurement's upper 95 % bound alike (at the same size, or at 5 µs for 50 µs, an upper bound there:
 * forks of the same code differ by up to 5 % on a shared machine, the pairs by far less), 1 % or more of the
 * samples dropped
 * with 8 host threads, or {@code close()} past its 2 s bound (plus 0.5 s of scheduling slack) or its thread not
 * ending once the store returns. The wall-time ratio to Micrometer, the jdbc figures and the 1 µs / 5 µs
 * percentages against the tighter aims are printed, not judged: on a shared 2-core machine they move by more than
 * their margin.
 *
 * <p>Noise handling: each round runs every size in its own forks with bare, sampled and Micrometer back to back;
 * the point estimate of a cell is the mean over the rounds' forks (at least 2; at 1 µs, where one record is judged
 * against Micrometer, bare and Micrometer run in three forks a round and the record in two). A failing overhead verdict is
 * rerun once from scratch and only the rerun counts.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.openevolve.benchmarks.OverheadGate [--forks N] [--limit PERCENT]
 * [--warmups N] [--iterations N] [--seconds S]}. Exit codes: 0 pass, 1 a promise broken, 2 usage or run error.
 */
public final class OverheadGate {
    private static final String BENCH = SamplerOverhead.class.getName();
    private static final String[] SIZES = {"1us", "5us", "50us"};
    private static final String GATE_RATE = "0.1";
    private static final int DROP_THREADS = 8;
    private static final double DROP_SECONDS = 5;
    private static final double DROP_LIMIT_PERCENT = 1.0;
    private static final double CLOSE_SLACK_SECONDS = 0.5;
    /**
     * The most one sampled record may cost in the benchmark thread's CPU time against Micrometer's start+stop, on
     * 1 µs operations, each in its own forks. The aim is 1.0; this limit fails a regression such as the record
     * before its allocation sub-sample was made rare (about 2×), not the noise (the ratio read 0.78–1.08 over
     * seven gate runs of one version). It used to judge an earlier one-JVM measurement that ran every case
     * through one call site: for the same code within minutes it read 1.06, then 1.56 (its 5 µs half
     * 2.17, with Micrometer at +51 ns, less than its two clock reads cost), then 1.42.
     */
    static final double RECORD_RATIO_LIMIT = 1.5;
    /** JVMs per size of the paired measurement: a JVM's own code layout moves its figures by about ±10 ns. */
    static final int PAIRED_JVMS = 4;
    static final int PAIRED_ROUNDS = 600;

    private final int forks;
    private final double limitPercent;
    private final int warmups;
    private final int iterations;
    private final int seconds;
    private final PrintStream out;
    private final Map<String, PairedOverhead.Figures> paired = new LinkedHashMap<>();

    private OverheadGate(int forks, double limitPercent, int warmups, int iterations, int seconds, PrintStream out) {
        this.forks = forks;
        this.limitPercent = limitPercent;
        this.warmups = warmups;
        this.iterations = iterations;
        this.seconds = seconds;
        this.out = out;
    }

    /** Runs the gate; see the class comment for arguments and exit codes. */
    public static void main(String[] args) {
        OverheadGate gate;
        try {
            gate = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("overhead gate: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            gate.measurePaired();
            boolean pass = gate.measureAndJudge(1);
            if (!pass) {
                gate.out.println("overhead gate: over the limit, rerunning once to rule out noise");
                pass = gate.measureAndJudge(2);
            }
            pass &= gate.checkDropsAndClose();
            gate.out.println(pass ? "overhead gate: PASS" : "overhead gate: FAIL");
            System.exit(pass ? 0 : 1);
        } catch (RunnerException | RuntimeException | InterruptedException | IOException e) {
            System.err.println("overhead gate: benchmark run failed: " + e);
            e.printStackTrace();
            System.exit(2);
        }
    }

    static OverheadGate parse(String[] args) {
        int forks = 2;
        double limit = 5.0;
        int warmups = 3;
        int iterations = 5;
        int seconds = 1;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!List.of("--forks", "--limit", "--warmups", "--iterations", "--seconds").contains(arg)) {
                throw new IllegalArgumentException("unknown option " + arg
                        + " (known: --forks, --limit, --warmups, --iterations, --seconds)");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            String value = args[++i];
            switch (arg) {
                case "--forks":
                    forks = positive(arg, value);
                    if (forks < 2) {
                        throw new IllegalArgumentException("--forks must be at least 2 but was " + forks);
                    }
                    break;
                case "--limit":
                    try {
                        limit = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--limit must be a number but was '" + value + "'");
                    }
                    if (!(limit > 0)) {
                        throw new IllegalArgumentException("--limit must be positive but was " + value);
                    }
                    break;
                case "--warmups":
                    warmups = positive(arg, value);
                    break;
                case "--iterations":
                    iterations = positive(arg, value);
                    break;
                case "--seconds":
                    seconds = positive(arg, value);
                    break;
                default:
                    throw new IllegalStateException("option " + arg + " listed but not handled");
            }
        }
        return new OverheadGate(forks, limit, warmups, iterations, seconds, System.out);
    }

    private static int positive(String option, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number but was '" + value + "'");
        }
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1 but was " + n);
        }
        return n;
    }

    private boolean measureAndJudge(int attempt) throws RunnerException {
        Map<String, Cell> cells = new LinkedHashMap<>();
        for (int round = 1; round <= forks; round++) {
            for (String size : SIZES) {
                out.printf(Locale.ROOT, "attempt %d, round %d/%d, %s ...%n", attempt, round, forks, size);
                record(cells, run(options().include(BENCH + "\\.(bare|sampled|micrometer)$")
                        .param("size", size).param("rate", GATE_RATE).param("store", "memory")));
                if (!size.equals("50us")) {
                    record(cells, run(options().include(BENCH + "\\.sampled$")
                            .param("size", size).param("rate", GATE_RATE).param("store", "jdbc-h2")));
                }
                if (size.equals("1us")) {
                    // the record against Micrometer, the headline figure: bare, rate 1.0 and Micrometer again, in
                    // two more forks each per round, so that its cells average three or more forks a round
                    record(cells, run(options().include(BENCH + "\\.(bare|sampled|micrometer)$").forks(2)
                            .param("size", size).param("rate", "1.0").param("store", "memory")));
                    record(cells, run(options().include(BENCH + "\\.(bare|sampled|micrometer)$").threads(2)
                            .param("size", size).param("rate", "1.0").param("store", "memory")));
                }
            }
            record(cells, run(options().include(BENCH + "\\.notSampled$")));
        }
        return printAndJudge(cells);
    }

    /**
     * The paired measurement at 1 and 5 µs, {@value #PAIRED_JVMS} JVMs each, printed per JVM and pooled, and kept
     * for JMH rows over the limit.
     */
    private void measurePaired() throws IOException, InterruptedException {
        out.printf(Locale.ROOT, "Paired measurement (%s): in each of %d JVMs per size, %d rounds of one ~2 ms block per"
                + " case in random order, the host operation one out-of-line method all cases call; host-thread CPU"
                + " time, the background thread's excluded; each case against the bare block of its round; 10%%"
                + " trimmed means, pooled over the JVMs with a 95%% interval that counts the JVMs' own spread:%n",
                PairedOverhead.class.getSimpleName(), PAIRED_JVMS, PAIRED_ROUNDS);
        for (String size : new String[] {"1us", "5us"}) {
            List<PairedOverhead.Figures> jvms = new ArrayList<>();
            for (int i = 0; i < PAIRED_JVMS; i++) {
                PairedOverhead.Figures f = PairedOverhead.inChildJvm(size, PAIRED_ROUNDS);
                jvms.add(f);
                out.println("    JVM " + (i + 1) + ": " + PairedOverhead.brief(f));
            }
            PairedOverhead.Figures pooled = PairedOverhead.Figures.pooled(jvms);
            paired.put(size, pooled);
            out.println("  " + PairedOverhead.describe(pooled, size.equals("1us") ? 3 : 1));
        }
    }

    /**
     * Drops with {@value #DROP_THREADS} busy host threads at the seed defaults (verdict: under
     * {@value #DROP_LIMIT_PERCENT} %), and close() in front of a store that blocks and ignores interrupts (verdict:
     * within the 2 s bound plus {@value #CLOSE_SLACK_SECONDS} s of scheduling slack, and the sampler's thread ends
     * once the store returns).
     */
    private boolean checkDropsAndClose() throws InterruptedException {
        SamplerChecks.Drops drops = SamplerChecks.drops(DROP_THREADS, SamplerOverhead.HostOperation.tokensFor("1us"),
                DROP_SECONDS);
        boolean dropsOk = drops.percent() < DROP_LIMIT_PERCENT;
        out.printf(Locale.ROOT, "%d host threads, 1 us ops, seed defaults, memory store, %.1f s: %d operations,"
                        + " %d sampled, %d dropped (%.3f%%), effective rate %.3f: %s%n", drops.threads(),
                drops.seconds(), drops.operations(), drops.sampled(), drops.dropped(), drops.percent(),
                drops.stats().effectiveRate(), dropsOk ? "ok" : "OVER " + DROP_LIMIT_PERCENT + "%");
        SamplerChecks.Close close = SamplerChecks.closeWithStuckStore(1.0);
        boolean closeOk = close.closeSeconds() <= close.bound().toMillis() / 1000.0 + CLOSE_SLACK_SECONDS
                && !Double.isNaN(close.threadEndSecondsAfterRelease());
        out.printf(Locale.ROOT, "close() in front of a store that blocks and ignores interrupts (bound %s): returned"
                        + " in %.3f s reporting %d samples unwritten; its thread %s inside the store, ended %s after"
                        + " the store returned: %s%n", close.bound(), close.closeSeconds(), close.unwritten(),
                close.threadAliveAfterClose() ? "was left" : "was not left",
                Double.isNaN(close.threadEndSecondsAfterRelease()) ? "NEVER"
                        : String.format(Locale.ROOT, "%.3f s", close.threadEndSecondsAfterRelease()),
                closeOk ? "ok" : "FAIL");
        return dropsOk && closeOk;
    }

    private ChainedOptionsBuilder options() {
        return new OptionsBuilder()
                .forks(1)
                .warmupIterations(warmups)
                .warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(seconds))
                .addProfiler(GCProfiler.class)
                .addProfiler(ThreadCpuProfiler.class)
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true);
    }

    private static List<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
        return new ArrayList<>(new Runner(options.build()).run());
    }

    private static void record(Map<String, Cell> cells, List<RunResult> results) {
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            String key = method;
            if (result.getParams().getThreads() > 1) {
                key += "/t" + result.getParams().getThreads();
            }
            for (String param : List.of("size", "rate", "store")) {
                String value = result.getParams().getParam(param);
                if (value != null) {
                    key += "/" + value;
                }
            }
            Cell cell = cells.computeIfAbsent(key, k -> new Cell());
            cell.nanos.add(result.getPrimaryResult().getScore());
            Map<String, ?> secondary = result.getSecondaryResults();
            for (String name : secondary.keySet()) {
                if (name.endsWith("gc.alloc.rate.norm")) {
                    cell.bytes.add(result.getSecondaryResults().get(name).getScore());
                } else if (name.equals(ThreadCpuProfiler.LABEL)) {
                    cell.cpu.add(result.getSecondaryResults().get(name).getScore());
                }
            }
        }
    }

    private boolean printAndJudge(Map<String, Cell> cells) {
        boolean pass = true;
        out.println();
        out.printf(Locale.ROOT, "Sampler overhead, rate %s, seed defaults otherwise, real stores behind the sampler"
                + " (point estimates over %d forks)%n", GATE_RATE, forks);
        out.printf(Locale.ROOT, "%-6s %11s %13s %9s %7s %9s %11s %9s %7s %s%n", "op", "bare ns/op", "memory ns/op",
                "overhead", "B/op", "jdbc-h2", "micrometer", "overhead", "spread", "verdict");
        for (String size : SIZES) {
            Cell bare = cells.get("bare/" + size);
            Cell sampled = cells.get("sampled/" + size + "/" + GATE_RATE + "/memory");
            Cell jdbc = cells.get("sampled/" + size + "/" + GATE_RATE + "/jdbc-h2");
            Cell micrometer = cells.get("micrometer/" + size);
            double measured = percentOver(sampled.mean(), bare.mean());
            double spread = Math.max(bare.spread(), sampled.spread());
            boolean ok = measured <= limitPercent;
            String verdict = ok ? "ok" : "OVER " + limitPercent + "%";
            if (!ok) { // over in wall time: a regression, or forks of the same code 5 % apart; the pairs tell which
                PairedOverhead.Figures cpu = paired.getOrDefault(size, paired.get("5us"));
                double upper = cpu.seedPercent() + cpu.seedPercentHalfWidth();
                ok = upper <= limitPercent;
                verdict = String.format(Locale.ROOT, "over in the forks (spread %.1f%%); paired %s %+.2f%%, at most"
                        + " %.2f%%: %s", spread, cpu.size(), cpu.seedPercent(), upper, ok ? "ok" : "OVER");
            }
            pass &= ok;
            String jdbcOverhead = jdbc == null ? "-" : String.format(Locale.ROOT, "%.2f%%",
                    percentOver(jdbc.mean(), bare.mean()));
            out.printf(Locale.ROOT, "%-6s %11.1f %13.1f %8.2f%% %7.1f %9s %11.1f %8.2f%% %6.1f%% %s%n", size,
                    bare.mean(), sampled.mean(), measured, sampled.meanBytes(), jdbcOverhead, micrometer.mean(),
                    percentOver(micrometer.mean(), bare.mean()), spread, verdict);
        }
        RecordVsMicrometer one = RecordVsMicrometer.of(cells, "");
        out.printf(Locale.ROOT, "one sampled record (rate 1.0, memory store, 1 us op): +%.1f ns/op, %.1f B/op;"
                        + " Micrometer start+stop +%.1f ns/op: ratio %.2f (aim <= 1.0; fork spread %.1f%% of %.0f ns)%n",
                one.recordWall(), one.every.meanBytes(), one.micrometerWall(), one.recordWall() / one.micrometerWall(),
                Math.max(one.every.spread(), one.micrometer.spread()), one.bare.mean());
        double recordRatio = one.recordCpu() / one.micrometerCpu();
        boolean recordOk = recordRatio <= RECORD_RATIO_LIMIT;
        pass &= recordOk;
        out.printf(Locale.ROOT, "the same in the benchmark thread's CPU time (%s, least of the iterations, mean of"
                        + " the forks): bare %.1f ns/op; one sampled record +%.1f ns/op, Micrometer +%.1f ns/op: ratio"
                        + " %.2f (aim <= 1.0, limit %.1f): %s; seed defaults into the memory store %+.2f%% (1 us),"
                        + " %+.2f%% (5 us)%n",
                ThreadCpuProfiler.LABEL, one.bare.meanCpu(), one.recordCpu(), one.micrometerCpu(), recordRatio,
                RECORD_RATIO_LIMIT, recordOk ? "ok" : "OVER",
                percentOver(cells.get("sampled/1us/" + GATE_RATE + "/memory").meanCpu(), one.bare.meanCpu()),
                percentOver(cells.get("sampled/5us/" + GATE_RATE + "/memory").meanCpu(),
                        cells.get("bare/5us").meanCpu()));
        RecordVsMicrometer two = RecordVsMicrometer.of(cells, "t2/");
        out.printf(Locale.ROOT, "two host threads recording at once (rate 1.0, 1 us op; %s per operation of either"
                        + " thread): one sampled record +%.1f ns/op, Micrometer +%.1f ns/op: ratio %.2f (aim <= 1.0);"
                        + " wall time +%.1f vs +%.1f ns/op (the background thread shares the 2 cores)%n",
                ThreadCpuProfiler.LABEL, two.recordCpu(), two.micrometerCpu(), two.recordCpu() / two.micrometerCpu(),
                two.recordWall(), two.micrometerWall());
        Cell idle = cells.get("notSampled");
        out.printf(Locale.ROOT, "not-sampled path: %.2f ns/op, %.2f B/op%n", idle.mean(), idle.meanBytes());
        double rate = Double.parseDouble(GATE_RATE);
        double perOperation = rate * one.recordCpu() + (1 - rate) * idle.mean();
        out.printf(Locale.ROOT, "seed defaults as a model, from one record's CPU time and the not-sampled path (%.1f"
                        + " ns per operation; printed, not judged, and not counting what a rate below 1 adds, such as"
                        + " mispredicted branches): %+.2f%% (1 us), %+.2f%% (5 us), %+.2f%% (50 us); the rows above"
                        + " differ from it by the forks' own noise%n", perOperation,
                100 * perOperation / one.bare.meanCpu(), 100 * perOperation / cells.get("bare/5us").meanCpu(),
                100 * perOperation / cells.get("bare/50us").meanCpu());
        out.println("spread: the largest deviation of one fork from the mean, bare or sampled; an overhead smaller"
                + " than the spread is within the machine's noise. Verdict on the memory store rows only.");
        out.println();
        return pass;
    }

    private static double percentOver(double measured, double base) {
        return 100 * (measured - base) / base;
    }

    /** Bare, one sampled record at rate 1.0 and Micrometer on 1 µs operations, with {@code threads} host threads. */
    private record RecordVsMicrometer(Cell bare, Cell every, Cell micrometer) {
        static RecordVsMicrometer of(Map<String, Cell> cells, String threads) {
            return new RecordVsMicrometer(cells.get("bare/" + threads + "1us"),
                    cells.get("sampled/" + threads + "1us/1.0/memory"), cells.get("micrometer/" + threads + "1us"));
        }

        double recordWall() {
            return every.mean() - bare.mean();
        }

        double micrometerWall() {
            return micrometer.mean() - bare.mean();
        }

        double recordCpu() {
            return every.meanCpu() - bare.meanCpu();
        }

        double micrometerCpu() {
            return micrometer.meanCpu() - bare.meanCpu();
        }
    }

    /** The per-fork scores of one benchmark and size. */
    private static final class Cell {
        final List<Double> nanos = new ArrayList<>();
        final List<Double> bytes = new ArrayList<>();
        final List<Double> cpu = new ArrayList<>();

        double mean() {
            return nanos.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        double spread() {
            double mean = mean();
            return nanos.stream().mapToDouble(n -> 100 * Math.abs(n - mean) / mean).max().orElse(Double.NaN);
        }

        double meanCpu() {
            return cpu.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        double meanBytes() {
            return bytes.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }
}
