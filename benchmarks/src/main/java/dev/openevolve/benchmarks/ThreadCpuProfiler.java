package dev.openevolve.benchmarks;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;

/**
 * A JMH profiler that reports the CPU time of the benchmark's worker threads per operation ({@code cpu.ns/op}): the
 * time the benchmark thread actually ran, which a shared machine disturbs far less than wall time (time spent
 * descheduled is not counted). Other threads — a sampler's background thread, the JIT, the collector — are not
 * included. Divides by all operations of the iteration, synchronisation phases included, since the workers ran
 * those too. The figure is the least over the iterations: interference (cache pollution by other processes, a
 * virtual CPU's stolen time that a guest kernel still counts) only ever adds to it. Use with {@code -prof dev.openevolve.benchmarks.ThreadCpuProfiler}; the overhead gate adds it.
 */
public final class ThreadCpuProfiler implements InternalProfiler {
    /** The secondary result's label. */
    public static final String LABEL = "cpu.ns/op";
    private static final String WORKER = "-jmh-worker-";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long before;

    @Override
    public String getDescription() {
        return "CPU time of the benchmark's worker threads per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = workerCpuNanos();
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's InternalProfiler declares the raw Result
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        long ops = result.getMetadata().getAllOps();
        long cpu = workerCpuNanos() - before;
        if (ops <= 0 || cpu <= 0) {
            return List.of();
        }
        return List.of(new ScalarResult(LABEL, (double) cpu / ops, "ns/op", AggregationPolicy.MIN));
    }

    private long workerCpuNanos() {
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(WORKER)) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    sum += cpu;
                }
            }
        }
        return sum;
    }
}
