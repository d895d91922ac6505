package dev.openevolve.benchmarks;

import dev.openevolve.config.PerformanceConfig;
import dev.openevolve.metrics.MetricsSampler;
import dev.openevolve.metrics.Operation;
import dev.openevolve.metrics.SamplerStats;
import dev.openevolve.internal.store.memory.MemoryStore;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * What the {@link MetricsSampler} costs a host operation, measured beside the bare operation in the same run.
 *
 * <ul>
 *   <li>{@code bare}: the host operation alone, a fixed amount of CPU work of about 1, 5 or 50 µs
 *       ({@link Blackhole#consumeCPU} with a fixed token count, so every fork does the same work);</li>
 *   <li>{@code sampled}: the same operation inside {@code try (var op = sampler.start(..))} at rates 0.01, 0.1 (the
 *       seed default) and 1.0, and in adaptive mode (ceiling 1.0, budget 5 %), with the seed's other defaults:
 *       allocated bytes on a random 1 in 16 samples, thread CPU time on 1 in 1024, batches of 1000 to a real store (the
 *       built-in memory store, or the jdbc store on an H2 file); and {@code 1.0-nocpu}, every operation without
 *       thread CPU time;</li>
 *   <li>{@code micrometer}: the same operation between Micrometer's {@code Timer.start} and {@code stop};</li>
 *   <li>{@code notSampled}: the sampler's decision alone at rate 0 (no host work): the not-sampled path.</li>
 * </ul>
 *
 * Each fork's heap is touched at start ({@code -XX:+AlwaysPreTouch}), as a long-running host's heap is: otherwise
 * the background thread's batches kept faulting in fresh heap pages for the whole of a short fork (the kernel's
 * page clearing was about a tenth of all CPU samples of a rate 1.0 fork), a start-up cost a host pays once.
 *
 * <p>Run {@code java -jar benchmarks/target/benchmarks.jar SamplerOverhead -prof gc} for ns/op and B/op;
 * {@link OverheadGate} runs the gate's subset and judges it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"})
public class SamplerOverhead {

    /** The host operation: fixed CPU work. */
    @State(Scope.Benchmark)
    public static class HostOperation {
        /** Nominal size; about 1.9 ns per token on the reference machine. */
        @Param({"1us", "5us", "50us"})
        public String size;
        long tokens;

        @Setup
        public void setUp() {
            tokens = tokensFor(size);
        }

        static long tokensFor(String size) {
            switch (size) {
                case "1us":
                    return 520;
                case "5us":
                    return 2_600;
                case "50us":
                    return 26_000;
                default:
                    throw new IllegalArgumentException("size must be 1us, 5us or 50us but was " + size);
            }
        }
    }

    /** A sampler at the benchmarked rate, flushing to a real store. */
    @State(Scope.Benchmark)
    public static class Sampled {
        /**
         * A fixed rate, {@code adaptive} (ceiling 1.0, budget 5 %), or {@code 1.0-nocpu}: every operation, without
         * the thread CPU time sub-sample (timing and allocation only, like for like with Micrometer's timer).
         */
        @Param({"0.1", "0.01", "1.0", "adaptive", "1.0-nocpu"})
        public String rate;
        /** The store behind the sampler: the built-in {@code memory} store, or {@code jdbc-h2} on an H2 file. */
        @Param({"memory", "jdbc-h2"})
        public String store;
        MetricsSampler sampler;
        Stores.Opened opened;

        @Setup(Level.Trial)
        public void setUp() {
            opened = Stores.open(store);
            sampler = MetricsSampler.create(config(rate), opened.metrics());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            SamplerStats stats = sampler.stats();
            sampler.close();
            System.out.println("sampler rate " + rate + ", store " + store + ": " + stats);
            opened.close();
        }

        static PerformanceConfig config(String rate) {
            PerformanceConfig d = PerformanceConfig.defaults();
            boolean adaptive = "adaptive".equals(rate);
            boolean noCpu = rate.endsWith("-nocpu");
            double r = adaptive ? 1.0 : Double.parseDouble(noCpu ? rate.substring(0, rate.indexOf('-')) : rate);
            return new PerformanceConfig(r, adaptive, d.maxOverheadPercent(), d.batchSize(), d.flushInterval(),
                    d.bufferCapacity(), noCpu ? 0 : d.cpuSampleEvery());
        }
    }

    /** A sampler at rate 0: every operation takes the not-sampled path. */
    @State(Scope.Benchmark)
    public static class Idle {
        MetricsSampler sampler;

        @Setup(Level.Trial)
        public void setUp() {
            sampler = MetricsSampler.create(Sampled.config("0"), MemoryStore.create().metrics());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            sampler.close();
        }
    }

    /** Micrometer's timer, the competitor, in a simple registry. */
    @State(Scope.Benchmark)
    public static class Micrometer {
        SimpleMeterRegistry registry;
        Timer timer;

        @Setup(Level.Trial)
        public void setUp() {
            registry = new SimpleMeterRegistry();
            timer = Timer.builder("bench.op").tag("component", "bench").register(registry);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            registry.close();
        }
    }

    @Benchmark
    public void bare(HostOperation host) {
        Blackhole.consumeCPU(host.tokens);
    }

    @Benchmark
    @SuppressWarnings("try") // the handle is the measurement: opened and closed around the operation
    public void sampled(HostOperation host, Sampled s) {
        try (Operation op = s.sampler.start("bench", "op")) {
            Blackhole.consumeCPU(host.tokens);
        }
    }

    @Benchmark
    public void micrometer(HostOperation host, Micrometer m) {
        Timer.Sample sample = Timer.start(m.registry);
        Blackhole.consumeCPU(host.tokens);
        sample.stop(m.timer);
    }

    @Benchmark
    public Operation notSampled(Idle idle) {
        Operation op = idle.sampler.start("bench", "op");
        op.close();
        return op;
    }

}
