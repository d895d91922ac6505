package dev.openevolve.benchmarks;

import dev.openevolve.config.PerformanceConfig;
import dev.openevolve.internal.store.memory.MemoryStore;
import dev.openevolve.metrics.MetricsSampler;
import dev.openevolve.metrics.Operation;
import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * What the sampler's background thread costs: first idle, in CPU time per second while nothing is recorded
 * ({@code IDLE_ROUNDS} rounds of 2 s; the first includes the thread's start); then its own CPU time per sample it
 * hands to the built-in memory store, while one host thread records every operation (rate 1.0) of about 1 µs
 * without pause, in rounds of {@code ROUND_SAMPLES} samples, each ended by a flush; the first busy round includes
 * the JIT's warm-up.
 *
 * <p>Usage: {@code java -Xms512m -Xmx512m -XX:+AlwaysPreTouch -cp benchmarks.jar
 * dev.openevolve.benchmarks.BackgroundCost [ROUNDS]}; prints one line per round.
 */
public final class BackgroundCost {
    private static final int ROUND_SAMPLES = 1_000_000;
    private static final int IDLE_ROUNDS = 3;
    private static final long IDLE_MILLIS = 2_000;

    private BackgroundCost() {
    }

    /** {@code [ROUNDS]} (default 4). */
    @SuppressWarnings("try") // the handle is the measurement
    public static void main(String[] args) throws InterruptedException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Thread[] background = new Thread[1];
        MemoryStore store = MemoryStore.create();
        MetricsSampler sampler = MetricsSampler.builder(PerformanceConfig.defaults().withSamplingRate(1.0),
                store.metrics()).threadFactory(r -> background[0] = new Thread(r, "background-cost-flusher")).build();
        for (int round = 1; round <= IDLE_ROUNDS; round++) {
            long cpu0 = bean.getThreadCpuTime(background[0].getId());
            Thread.sleep(IDLE_MILLIS);
            System.out.printf(Locale.ROOT, "idle round %d: background thread %.3f ms of CPU per second%n", round,
                    (bean.getThreadCpuTime(background[0].getId()) - cpu0) / (IDLE_MILLIS * 1e3));
        }
        long tokens = SamplerOverhead.HostOperation.tokensFor("1us");
        for (int round = 1; round <= rounds; round++) {
            long cpu0 = bean.getThreadCpuTime(background[0].getId());
            long recorded0 = sampler.stats().recorded();
            for (int i = 0; i < ROUND_SAMPLES; i++) {
                try (Operation op = sampler.start("background", "op")) {
                    Blackhole.consumeCPU(tokens);
                }
            }
            sampler.flush();
            long samples = sampler.stats().recorded() - recorded0;
            System.out.printf(Locale.ROOT, "round %d: %d samples, background thread %.1f ns of CPU per sample, %d"
                            + " dropped so far%n", round, samples,
                    (bean.getThreadCpuTime(background[0].getId()) - cpu0) / (double) samples, sampler.stats().dropped());
        }
        sampler.close();
        store.close();
    }
}
