package dev.openevolve.metrics;

import dev.openevolve.spi.PerformanceSample;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The handle of one sampled operation, and afterwards its entry in the buffer: the raw readings stay primitive
 * here and become a {@link PerformanceSample} only on the background thread. Written by the host thread until
 * {@link #close()} publishes it to the buffer; read by the flusher afterwards.
 */
final class SampledOperation implements Operation {
    private final DefaultMetricsSampler sampler;
    final String component;
    final String operation;
    boolean probe;
    long probeStartNanos;
    long startNanos;
    long endNanos;
    long allocatedAtStart;
    long allocatedAtEnd;
    long cpuAtStart = -1;
    long cpuAtEnd = -1;
    private boolean failed;
    private String errorMessage;
    private String[] context;
    private int contextSize;
    private boolean closed;

    SampledOperation(DefaultMetricsSampler sampler, String component, String operation) {
        this.sampler = sampler;
        this.component = component;
        this.operation = operation;
    }

    @Override
    public Operation context(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (closed) {
            return this;
        }
        for (int i = 0; i < contextSize; i += 2) {
            if (context[i].equals(key)) {
                context[i + 1] = value;
                return this;
            }
        }
        if (contextSize == 2 * MetricsSampler.MAX_CONTEXT_ENTRIES) {
            return this;
        }
        if (context == null) {
            context = new String[8];
        } else if (contextSize == context.length) {
            String[] grown = new String[Math.min(context.length * 2, 2 * MetricsSampler.MAX_CONTEXT_ENTRIES)];
            System.arraycopy(context, 0, grown, 0, contextSize);
            context = grown;
        }
        context[contextSize++] = key;
        context[contextSize++] = value;
        return this;
    }

    @Override
    public Operation fail(String message) {
        if (!closed) {
            failed = true;
            errorMessage = message;
        }
        return this;
    }

    @Override
    public Operation fail(Throwable error) {
        Objects.requireNonNull(error, "error");
        String message = error.getMessage();
        return fail(message != null ? message : error.getClass().getName());
    }

    @Override
    public boolean sampled() {
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sampler.finish(this);
    }

    /** The sample, dated by mapping the monotonic start onto the wall clock read at {@code wallNow}/{@code nanoNow}. */
    PerformanceSample toSample(Instant wallNow, long nanoNow) {
        Instant start = wallNow.minusNanos(nanoNow - startNanos);
        Duration duration = Duration.ofNanos(Math.max(0, endNanos - startNanos));
        long allocated = allocatedAtStart >= 0 && allocatedAtEnd >= 0 ? allocatedAtEnd - allocatedAtStart : -1;
        long cpu = cpuAtStart >= 0 && cpuAtEnd >= 0 ? cpuAtEnd - cpuAtStart : -1;
        return new PerformanceSample(component, operation, start, duration, !failed, errorMessage, contextMap(),
                allocated, cpu);
    }

    private Map<String, String> contextMap() {
        if (contextSize == 0) {
            return Map.of();
        }
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < contextSize; i += 2) {
            map.put(context[i], context[i + 1]);
        }
        return map;
    }
}
