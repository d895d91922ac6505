package dev.openevolve.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A batch of samples flushed together, with the process snapshot read closest to the flush. The samples are held
 * as primitive columns, one entry per sample in recording order, so a store can write them without a
 * {@link PerformanceSample} object per sample; {@link #sample(int)} and {@link #samples()} build those objects on
 * demand for stores that want them.
 *
 * <p>Immutable and thread safe. Build one with {@link #builder(int)} (column by column, no per-sample object) or
 * from samples with {@link #SampleBatch(List, ProcessSnapshot)}.
 */
public final class SampleBatch {
    private static final Map<String, String> NO_CONTEXT = Map.of();

    private final int size;
    private final String[] components;
    private final String[] operations;
    private final long[] startSeconds;
    private final int[] startNanos;
    private final long[] durationNanos;
    private final boolean[] success;
    private final String[] errorMessages;
    private final Map<?, ?>[] contexts;
    private final long[] allocatedBytes;
    private final long[] cpuNanos;
    private final ProcessSnapshot process;

    /**
     * A batch of {@code samples}, in their order, with {@code process}.
     *
     * @throws NullPointerException     when an argument or a sample is null
     * @throws IllegalArgumentException when a sample's duration does not fit in a {@code long} of nanoseconds
     */
    public SampleBatch(List<PerformanceSample> samples, ProcessSnapshot process) {
        this(fill(samples), process);
    }

    private SampleBatch(Builder b, ProcessSnapshot process) {
        Objects.requireNonNull(process, "process");
        this.size = b.size;
        this.components = b.components;
        this.operations = b.operations;
        this.startSeconds = b.startSeconds;
        this.startNanos = b.startNanos;
        this.durationNanos = b.durationNanos;
        this.success = b.success;
        this.errorMessages = b.errorMessages;
        this.contexts = b.contexts;
        this.allocatedBytes = b.allocatedBytes;
        this.cpuNanos = b.cpuNanos;
        this.process = process;
    }

    private static Builder fill(List<PerformanceSample> samples) {
        Objects.requireNonNull(samples, "samples");
        Builder b = new Builder(samples.size());
        for (PerformanceSample s : samples) {
            Objects.requireNonNull(s, "samples must not contain null");
            long nanos;
            try {
                nanos = s.duration().toNanos();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("duration must fit in a long of nanoseconds but was " + s.duration());
            }
            b.add(s.component(), s.operation(), s.start().getEpochSecond(), s.start().getNano(), nanos, s.success(),
                    s.errorMessage(), s.context(), s.allocatedBytes(), s.cpuNanos());
        }
        return b;
    }

    /** A builder for a batch of about {@code expectedSize} samples (it grows when more are added). */
    public static Builder builder(int expectedSize) {
        return new Builder(expectedSize);
    }

    /** The number of samples. */
    public int size() {
        return size;
    }

    /** Whether the batch holds no sample. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** The process-level readings for the batch. */
    public ProcessSnapshot process() {
        return process;
    }

    /** The host component of sample {@code i}. */
    public String component(int i) {
        return components[check(i)];
    }

    /** The operation of sample {@code i}. */
    public String operation(int i) {
        return operations[check(i)];
    }

    /** Seconds since the epoch of sample {@code i}'s start (wall clock). */
    public long startEpochSecond(int i) {
        return startSeconds[check(i)];
    }

    /** The nanosecond within its second of sample {@code i}'s start, in [0, 999 999 999]. */
    public int startNano(int i) {
        return startNanos[check(i)];
    }

    /** Sample {@code i}'s start (allocates an {@link Instant}). */
    public Instant start(int i) {
        return Instant.ofEpochSecond(startSeconds[check(i)], startNanos[i]);
    }

    /** How long sample {@code i}'s operation took, in nanoseconds, not negative. */
    public long durationNanos(int i) {
        return durationNanos[check(i)];
    }

    /** Whether sample {@code i}'s operation completed without failure. */
    public boolean success(int i) {
        return success[check(i)];
    }

    /** Sample {@code i}'s failure message, or {@code null}. */
    public String errorMessage(int i) {
        return errorMessages[check(i)];
    }

    /** Sample {@code i}'s context, an immutable map, empty when it has none. */
    @SuppressWarnings("unchecked")
    public Map<String, String> context(int i) {
        Map<?, ?> c = contexts[check(i)];
        return c == null ? NO_CONTEXT : (Map<String, String>) c;
    }

    /** Bytes the thread allocated during sample {@code i}'s operation, {@code -1} when not measured. */
    public long allocatedBytes(int i) {
        return allocatedBytes[check(i)];
    }

    /** Thread CPU time during sample {@code i}'s operation, {@code -1} when not measured. */
    public long cpuNanos(int i) {
        return cpuNanos[check(i)];
    }

    /** Sample {@code i} as an object. */
    public PerformanceSample sample(int i) {
        return new PerformanceSample(component(i), operations[i], start(i), Duration.ofNanos(durationNanos[i]),
                success[i], errorMessages[i], context(i), allocatedBytes[i], cpuNanos[i]);
    }

    /** Every sample as an object, in recording order: an immutable list built on each call. */
    public List<PerformanceSample> samples() {
        List<PerformanceSample> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(sample(i));
        }
        return Collections.unmodifiableList(list);
    }

    private int check(int i) {
        return Objects.checkIndex(i, size);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleBatch other && process.equals(other.process) && samples().equals(other.samples());
    }

    @Override
    public int hashCode() {
        return 31 * samples().hashCode() + process.hashCode();
    }

    @Override
    public String toString() {
        return "SampleBatch[size=" + size + ", process=" + process + "]";
    }

    /**
     * Adds samples to a batch column by column, without an object per sample. Not thread safe; after
     * {@link #build(ProcessSnapshot)} it is empty again and may be reused.
     */
    public static final class Builder {
        private int size;
        private String[] components;
        private String[] operations;
        private long[] startSeconds;
        private int[] startNanos;
        private long[] durationNanos;
        private boolean[] success;
        private String[] errorMessages;
        private Map<?, ?>[] contexts;
        private long[] allocatedBytes;
        private long[] cpuNanos;

        private Builder(int expectedSize) {
            if (expectedSize < 0) {
                throw new IllegalArgumentException("expected size must not be negative but was " + expectedSize);
            }
            allocate(expectedSize);
        }

        private void allocate(int capacity) {
            size = 0;
            components = new String[capacity];
            operations = new String[capacity];
            startSeconds = new long[capacity];
            startNanos = new int[capacity];
            durationNanos = new long[capacity];
            success = new boolean[capacity];
            errorMessages = new String[capacity];
            contexts = new Map<?, ?>[capacity];
            allocatedBytes = new long[capacity];
            cpuNanos = new long[capacity];
        }

        /**
         * Adds one sample.
         *
         * @param context the sample's attributes; copied unless already immutable; empty or {@code null} for none
         * @throws NullPointerException     when {@code component} or {@code operation} is null
         * @throws IllegalArgumentException when {@code startNano} is outside [0, 999 999 999] or
         *                                  {@code durationNanos} is negative
         */
        public Builder add(String component, String operation, long startEpochSecond, int startNano,
                           long durationNanos, boolean success, String errorMessage, Map<String, String> context,
                           long allocatedBytes, long cpuNanos) {
            Objects.requireNonNull(component, "component");
            Objects.requireNonNull(operation, "operation");
            if (startNano < 0 || startNano > 999_999_999) {
                throw new IllegalArgumentException("startNano must be in [0, 999999999] but was " + startNano);
            }
            if (durationNanos < 0) {
                throw new IllegalArgumentException("durationNanos must not be negative but was " + durationNanos);
            }
            if (size == components.length) {
                grow();
            }
            int i = size++;
            components[i] = component;
            operations[i] = operation;
            startSeconds[i] = startEpochSecond;
            startNanos[i] = startNano;
            this.durationNanos[i] = durationNanos;
            this.success[i] = success;
            errorMessages[i] = errorMessage;
            contexts[i] = context == null || context.isEmpty() ? null : Map.copyOf(context);
            this.allocatedBytes[i] = allocatedBytes;
            this.cpuNanos[i] = cpuNanos;
            return this;
        }

        /** Samples added since the last build. */
        public int size() {
            return size;
        }

        private void grow() {
            int capacity = Math.max(16, components.length * 2);
            components = Arrays.copyOf(components, capacity);
            operations = Arrays.copyOf(operations, capacity);
            startSeconds = Arrays.copyOf(startSeconds, capacity);
            startNanos = Arrays.copyOf(startNanos, capacity);
            durationNanos = Arrays.copyOf(durationNanos, capacity);
            success = Arrays.copyOf(success, capacity);
            errorMessages = Arrays.copyOf(errorMessages, capacity);
            contexts = Arrays.copyOf(contexts, capacity);
            allocatedBytes = Arrays.copyOf(allocatedBytes, capacity);
            cpuNanos = Arrays.copyOf(cpuNanos, capacity);
        }

        /**
         * The batch of the samples added so far with {@code process}; the builder hands its columns over and starts
         * again empty.
         */
        public SampleBatch build(ProcessSnapshot process) {
            Objects.requireNonNull(process, "process");
            SampleBatch batch = new SampleBatch(this, process);
            allocate(Math.max(size, 16));
            return batch;
        }
    }
}
