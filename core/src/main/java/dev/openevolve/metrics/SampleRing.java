package dev.openevolve.metrics;

import dev.openevolve.spi.SampleBatch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Map;

/**
 * The sampler's buffer: a bounded multi-producer single-consumer ring of samples held in preallocated primitive
 * columns, never more than its capacity.
 *
 * <p>A producer claims an index with one CAS, writes the sample's readings into the columns of its slot and
 * publishes the slot by a release store of the index into the slot's sequence column: lock free, no allocation.
 * The single consumer copies published slots into a {@link SampleBatch.Builder} and frees them only once the store
 * accepted their batch ({@link #release}), so samples it failed to hand on stay in the ring and keep counting
 * against the capacity. Each index counter lives in its own padded array to keep producers and the consumer off
 * each other's cache lines.
 *
 * <p>Thread safety: {@link #offer} from any thread; {@link #isPublished}, {@link #copyTo} and {@link #release} from
 * one consumer thread at a time; the counters from any thread.
 */
final class SampleRing {
    static final int MAX_CAPACITY = 1 << 30;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int FAILED = 1;
    private static final int HAS_ALLOCATION = 2;
    private static final int HAS_CPU = 4;
    private static final int SIZE_SHIFT = 8;
    private static final int PAD = 16;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int mask;
    private final long capacity;
    private final long[] producerIndex = new long[2 * PAD + 1];
    private final long[] producerLimit = new long[2 * PAD + 1];
    private final long[] consumerIndex = new long[2 * PAD + 1];

    /** The low 32 bits of the index last published in each slot: a slot is one lap stale at most. */
    private final int[] sequence;
    private final String[] components;
    private final String[] operations;
    private final long[] startNanos;
    private final long[] durationNanos;
    /** {@link #FAILED}, {@link #HAS_ALLOCATION}, {@link #HAS_CPU} and the context's size above {@link #SIZE_SHIFT}. */
    private final int[] flags;
    /** Written only for a sample with {@link #HAS_ALLOCATION}; any other slot's value is stale. */
    private final long[] allocatedBytes;
    /** Written only for a sample with {@link #HAS_CPU}; any other slot's value is stale. */
    private final long[] cpuNanos;
    private final String[] errorMessages;
    private final String[][] contexts;

    SampleRing(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be in [1, " + MAX_CAPACITY + "] but was " + capacity);
        }
        int size = Integer.highestOneBit(capacity);
        if (size < capacity) {
            size <<= 1;
        }
        this.mask = size - 1;
        this.capacity = capacity;
        this.sequence = new int[size];
        for (int slot = 0; slot < size; slot++) {
            sequence[slot] = slot - size; // the index one lap before the first
        }
        this.components = new String[size];
        this.operations = new String[size];
        this.startNanos = new long[size];
        this.durationNanos = new long[size];
        this.flags = new int[size];
        this.allocatedBytes = new long[size];
        this.cpuNanos = new long[size];
        this.errorMessages = new String[size];
        this.contexts = new String[size][];
        LONGS.setRelease(producerLimit, PAD, (long) capacity);
    }

    /** Copies {@code op}'s readings into the tail slot; returns its index, or {@code -1} when the ring is full. */
    long offer(SampledOperation op) {
        // Kept in small methods: claim and write each inline into the sampler's finish (offer in one piece was 358
        // bytes of bytecode, over C2's FreqInlineSize of 325, and was a call on every record).
        long index = claim();
        if (index >= 0) {
            write((int) (index & mask), index, op);
        }
        return index;
    }

    /** Claims the tail index with one CAS; {@code -1} when the ring is full. */
    private long claim() {
        long index;
        do {
            index = (long) LONGS.getVolatile(producerIndex, PAD);
            if (index >= (long) LONGS.getAcquire(producerLimit, PAD) && !hasRoomFor(index)) {
                return -1;
            }
        } while (!LONGS.compareAndSet(producerIndex, PAD, index, index + 1));
        return index;
    }

    /** The cached limit was reached: whether the consumer freed room for {@code index} since; moves the limit. */
    private boolean hasRoomFor(long index) {
        long limit = (long) LONGS.getVolatile(consumerIndex, PAD) + capacity;
        if (index >= limit) {
            return false;
        }
        LONGS.setRelease(producerLimit, PAD, limit);
        return true;
    }

    private void write(int slot, long index, SampledOperation op) {
        // A reference store into these old-generation columns costs a GC write barrier with a fence under G1; a
        // slot usually still holds the same names from its last lap, so store only when they differ.
        if (components[slot] != op.component) {
            components[slot] = op.component;
        }
        if (operations[slot] != op.operation) {
            operations[slot] = op.operation;
        }
        startNanos[slot] = op.startNanos;
        durationNanos[slot] = Math.max(0, op.endNanos - op.startNanos);
        // The sub-sampled readings are written only when measured: fewer cache lines per record.
        int bits = op.failed ? FAILED : 0;
        if (op.allocatedAtStart >= 0 && op.allocatedAtEnd >= 0) {
            allocatedBytes[slot] = op.allocatedAtEnd - op.allocatedAtStart;
            bits |= HAS_ALLOCATION;
        }
        if (op.cpuAtStart >= 0 && op.cpuAtEnd >= 0) {
            cpuNanos[slot] = op.cpuAtEnd - op.cpuAtStart;
            bits |= HAS_CPU;
        }
        if (op.errorMessage != null) { // release() left null in the slot
            errorMessages[slot] = op.errorMessage;
        }
        if (op.contextSize > 0) {
            contexts[slot] = op.context;
            bits |= op.contextSize << SIZE_SHIFT;
        }
        flags[slot] = bits;
        INTS.setRelease(sequence, slot, (int) index);
    }

    /**
     * Whether the sample at {@code index}, which must lie in {@code [consumed(), produced())}, is published; false
     * while its producer has claimed the index but not yet written it. Consumer thread only.
     */
    boolean isPublished(long index) {
        return (int) INTS.getAcquire(sequence, (int) (index & mask)) == (int) index;
    }

    /**
     * Adds the published sample at {@code index} to {@code out}, dating its monotonic start by the wall clock read
     * as {@code wallSecond}/{@code wallNano} at monotonic time {@code nanoNow}. Consumer thread only.
     */
    void copyTo(long index, SampleBatch.Builder out, long wallSecond, int wallNano, long nanoNow) {
        int slot = (int) (index & mask);
        long ago = nanoNow - startNanos[slot];
        long second = wallSecond - Math.floorDiv(ago, NANOS_PER_SECOND);
        long nano = wallNano - Math.floorMod(ago, NANOS_PER_SECOND);
        if (nano < 0) {
            nano += NANOS_PER_SECOND;
            second--;
        }
        int bits = flags[slot];
        out.add(components[slot], operations[slot], second, (int) nano, durationNanos[slot], (bits & FAILED) == 0,
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

    /** Frees every sample before {@code upTo}, making room for producers. Consumer thread only. */
    void release(long upTo) {
        long from = consumed();
        if (upTo < from || upTo > produced()) {
            throw new IllegalArgumentException("release up to " + upTo + " outside [" + from + ", " + produced() + "]");
        }
        for (long i = from; i < upTo; i++) {
            int slot = (int) (i & mask);
            errorMessages[slot] = null;
            contexts[slot] = null;
        }
        LONGS.setRelease(consumerIndex, PAD, upTo);
    }

    /** Indexes claimed by producers so far (every successful {@link #offer}). */
    long produced() {
        return (long) LONGS.getVolatile(producerIndex, PAD);
    }

    /** Indexes released by the consumer so far. */
    long consumed() {
        return (long) LONGS.getVolatile(consumerIndex, PAD);
    }

    /** The most samples the ring holds. */
    long capacity() {
        return capacity;
    }
}
