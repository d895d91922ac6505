package dev.openevolve.metrics;

import dev.openevolve.spi.SampleBatch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Map;

/**
 * A run of samples written by one host thread: a fixed number of slots in preallocated primitive columns. Its owner
 * writes the next slot and publishes it by a release store of the published count — no atomic instruction, no
 * allocation — and stops using the segment the moment it wrote the last slot. The flusher reads the published
 * slots, and once every slot is consumed, or the owner died, the {@link SampleBuffer} reuses the segment.
 *
 * <p>Thread safety: {@link #write} from the owner thread only; {@link #published()} from any thread; the consumer
 * fields and {@link #copyTo}/{@link #reset} from the flusher thread only, while the owner cannot write.
 */
final class SampleSegment extends HostThreadPadding {
    private static final VarHandle PUBLISHED;
    private static final int FAILED = 1;
    private static final int HAS_ALLOCATION = 2;
    private static final int HAS_CPU = 4;
    private static final int SIZE_SHIFT = 8;
    /** The flags take the low bits of a slot's second long, the duration the bits above them. */
    private static final int DURATION_SHIFT = 16;
    /** The longest duration a slot holds, 2^47 - 1 ns (about 39 hours); a longer one is recorded as this. */
    static final long MAX_DURATION_NANOS = Long.MAX_VALUE >>> DURATION_SHIFT;
    private static final long FLAG_MASK = (1L << DURATION_SHIFT) - 1;
    /** Longs per slot in {@link #rows}: the start, then the duration and the flags in one. */
    private static final int ROW = 2;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    static {
        try {
            PUBLISHED = MethodHandles.lookup().findVarHandle(SampleSegment.class, "published", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int size;
    /** The thread writing this segment; set before it is handed out. */
    Thread owner;
    /** Slots written; the owner reads it plainly and stores it with release, others read it with acquire. */
    @SuppressWarnings("unused") // accessed through PUBLISHED
    private int published;
    /** Slots the store accepted; written by the flusher only. */
    volatile int consumed;
    /** Slots copied into the batch being built; flusher only. */
    int collected;
    /** Slots a flush in progress must reach; flusher only. */
    int target;

    private final String[] components;
    private final String[] operations;
    /**
     * Per slot, side by side: the monotonic start, and the duration above {@link #DURATION_SHIFT} with the flags
     * below it ({@link #FAILED}, {@link #HAS_ALLOCATION}, {@link #HAS_CPU} and the context's size above
     * {@link #SIZE_SHIFT}). One array with the slot's readings in 16 bytes: one bounds check, two stores and a
     * quarter of a cache line per record, which the flusher then reads.
     */
    private final long[] rows;
    /** Written only for a sample with {@link #HAS_ALLOCATION}; any other slot's value is stale. */
    private final long[] allocatedBytes;
    /** Written only for a sample with {@link #HAS_CPU}; any other slot's value is stale. */
    private final long[] cpuNanos;
    private final String[] errorMessages;
    private final String[][] contexts;

    SampleSegment(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("segment size must be at least 1 but was " + size);
        }
        this.size = size;
        this.components = new String[size];
        this.operations = new String[size];
        this.rows = new long[ROW * size];
        this.allocatedBytes = new long[size];
        this.cpuNanos = new long[size];
        this.errorMessages = new String[size];
        this.contexts = new String[size][];
    }

    /**
     * Owner only, and only while not full: copies {@code op}'s readings into the next slot and publishes it. Returns
     * whether that was the last slot, in which case the owner must not touch the segment again: the flusher may
     * reuse it as soon as it is published.
     *
     * <p>Kept small, the rarer parts in their own methods, so that it and the sampler's finish inline into the
     * host's {@code close()}.
     */
    boolean write(SampledOperation op) {
        int slot = published; // the owner's own plain read
        // a slot usually still holds the same names from its last use: no reference store, no GC write barrier
        if (components[slot] != op.component || operations[slot] != op.operation) {
            writeNames(slot, op);
        }
        long bits = op.hasExtras() ? writeExtras(slot, op) : 0;
        long duration = Math.min(MAX_DURATION_NANOS, Math.max(0, op.endNanos - op.startNanos));
        int row = ROW * slot;
        rows[row] = op.startNanos;
        rows[row + 1] = duration << DURATION_SHIFT | bits;
        int next = slot + 1;
        PUBLISHED.setRelease(this, next);
        return next == size;
    }

    private void writeNames(int slot, SampledOperation op) {
        components[slot] = op.component;
        operations[slot] = op.operation;
    }

    /** The sub-sampled readings, the failure and the context, written only when there are any; returns the flags. */
    private int writeExtras(int slot, SampledOperation op) {
        int more = op.failed ? FAILED : 0;
        if (op.allocatedAtStart >= 0 && op.allocatedAtEnd >= 0) {
            allocatedBytes[slot] = op.allocatedAtEnd - op.allocatedAtStart;
            more |= HAS_ALLOCATION;
        }
        if (op.cpuAtStart >= 0 && op.cpuAtEnd >= 0) {
            cpuNanos[slot] = op.cpuAtEnd - op.cpuAtStart;
            more |= HAS_CPU;
        }
        if (op.errorMessage != null) { // reset() left null in the slot
            errorMessages[slot] = op.errorMessage;
        }
        if (op.contextSize > 0) {
            contexts[slot] = op.context;
            more |= op.contextSize << SIZE_SHIFT;
        }
        return more;
    }

    /** Slots written and published so far. */
    int published() {
        return (int) PUBLISHED.getAcquire(this);
    }

    /**
     * Flusher only: adds the published sample in {@code slot} to {@code out}, dating its monotonic start by the wall
     * clock read as {@code wallSecond}/{@code wallNano} at monotonic time {@code nanoNow}.
     */
    void copyTo(int slot, SampleBatch.Builder out, long wallSecond, int wallNano, long nanoNow) {
        int row = ROW * slot;
        long ago = nanoNow - rows[row];
        long second = wallSecond - Math.floorDiv(ago, NANOS_PER_SECOND);
        long nano = wallNano - Math.floorMod(ago, NANOS_PER_SECOND);
        if (nano < 0) {
            nano += NANOS_PER_SECOND;
            second--;
        }
        long packed = rows[row + 1];
        int bits = (int) (packed & FLAG_MASK);
        out.add(components[slot], operations[slot], second, (int) nano, packed >>> DURATION_SHIFT,
                (bits & FAILED) == 0,
                errorMessages[slot], context(slot, bits >>> SIZE_SHIFT),
                (bits & HAS_ALLOCATION) != 0 ? allocatedBytes[slot] : -1, (bits & HAS_CPU) != 0 ? cpuNanos[slot] : -1);
    }

    private Map<String, String> context(int slot, int n) {
        if (n == 0) {
            return null;
        }
        String[] pairs = contexts[slot];
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < n; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /**
     * Flusher only, once no thread writes the segment any more: drops the per-sample references and makes it empty
     * for its next owner, to whom it is then handed with a happens-before edge.
     */
    void reset() {
        int n = published();
        for (int slot = 0; slot < n; slot++) {
            errorMessages[slot] = null;
            contexts[slot] = null;
        }
        owner = null;
        PUBLISHED.set(this, 0);
        consumed = 0;
        collected = 0;
        target = 0;
    }
}
