package dev.openevolve.metrics;

import java.util.Objects;

/**
 * The handle of one sampled operation: the raw readings stay primitive here and are copied into the sampler's
 * columnar buffer when the handle is closed. After {@link #close()} on its thread the handle is free again
 * and may serve a later operation of that thread, so a sampled operation allocates nothing in the steady state.
 * Written by the host thread only.
 */
final class SampledOperation extends HostThreadPadding implements Operation {
    private final DefaultMetricsSampler sampler;
    final HandleCache home;
    String component;
    String operation;
    boolean probe;
    long probeStartNanos;
    long startNanos;
    long endNanos;
    long allocatedAtStart;
    long allocatedAtEnd;
    long cpuAtStart;
    long cpuAtEnd;
    /** Whether the four readings above were set at the start; they are stale otherwise. */
    boolean measured;
    /** Whether the failure or the context was set since the reset; they are stale otherwise. */
    private boolean annotated;
    boolean failed;
    String errorMessage;
    /** Key/value pairs; the buffer keeps the array, so a reused handle starts a new one. */
    String[] context;
    int contextSize;
    private boolean closed;

    SampledOperation(DefaultMetricsSampler sampler, HandleCache home) {
        this.sampler = sampler;
        this.home = home;
    }

    /** Makes the handle ready for a new operation. */
    SampledOperation reset(String component, String operation) {
        // Same names as last time on this thread, usually: skip the reference store and its GC write barrier.
        if (this.component != component) {
            this.component = component;
        }
        if (this.operation != operation) {
            this.operation = operation;
        }
        probe = false;
        measured = false;
        if (annotated) { // rare: most operations neither fail nor carry a context, and skip these stores
            annotated = false;
            failed = false;
            errorMessage = null;
            context = null;
            contextSize = 0;
        }
        closed = false;
        return this;
    }

    /** Whether the sample has more than its timing: readings, a failure or a context. */
    boolean hasExtras() {
        return measured | annotated;
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
        annotated = true;
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
            annotated = true;
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

    /**
     * A host thread's state, per sampler; touched only by its owner thread: the handle it reuses and the segment it
     * writes samples into. The handle is free again once it was closed on its owner thread ({@code busy} false: a
     * primitive write, where handing a reference back would cost a GC write barrier with a fence on every sample).
     * A nested operation, or one after a handle was closed on another thread, gets a new handle, which becomes the
     * one reused.
     */
    static final class HandleCache extends HostThreadPadding {
        final Thread owner = Thread.currentThread();
        SampledOperation handle;
        boolean busy;
        /** The segment this thread fills; null until it takes one, and again once it filled it. */
        SampleSegment segment;
        /** Whether this thread filled a segment: its next ones are full-size, its first is small. */
        boolean filledOne;
    }
}
