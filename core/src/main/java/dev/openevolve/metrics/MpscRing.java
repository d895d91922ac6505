package dev.openevolve.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded multi-producer single-consumer ring of references that never holds more than its capacity.
 *
 * <p>Producers claim an index with one CAS and publish the element with a release store: lock free, no
 * allocation. The single consumer reads published elements in place ({@link #peek}) and frees them only when it
 * is done with them ({@link #release}), so elements it failed to hand on stay in the ring and keep counting
 * against the capacity. Each index counter lives in its own padded array to keep producers and the consumer off
 * each other's cache lines.
 *
 * <p>Thread safety: {@link #offer} from any thread; {@link #peek} and {@link #release} from one consumer thread
 * at a time; the counters from any thread.
 */
final class MpscRing<E> {
    static final int MAX_CAPACITY = 1 << 30;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle COUNTER = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int PAD = 16;

    private final Object[] slots;
    private final int mask;
    private final long capacity;
    private final long[] producerIndex = new long[2 * PAD + 1];
    private final long[] producerLimit = new long[2 * PAD + 1];
    private final long[] consumerIndex = new long[2 * PAD + 1];

    MpscRing(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be in [1, " + MAX_CAPACITY + "] but was " + capacity);
        }
        int size = Integer.highestOneBit(capacity);
        if (size < capacity) {
            size <<= 1;
        }
        this.slots = new Object[size];
        this.mask = size - 1;
        this.capacity = capacity;
        COUNTER.setRelease(producerLimit, PAD, (long) capacity);
    }

    /** Adds {@code element} at the tail; returns its index, or {@code -1} when the ring is full. */
    long offer(E element) {
        long limit = (long) COUNTER.getAcquire(producerLimit, PAD);
        long index;
        do {
            index = (long) COUNTER.getVolatile(producerIndex, PAD);
            if (index >= limit) {
                limit = (long) COUNTER.getVolatile(consumerIndex, PAD) + capacity;
                if (index >= limit) {
                    return -1;
                }
                COUNTER.setRelease(producerLimit, PAD, limit);
            }
        } while (!COUNTER.compareAndSet(producerIndex, PAD, index, index + 1));
        SLOT.setRelease(slots, (int) (index & mask), element);
        return index;
    }

    /**
     * The element at {@code index}, which must lie in {@code [consumed(), produced())}; {@code null} while its
     * producer has claimed the index but not yet published the element. Consumer thread only.
     */
    @SuppressWarnings("unchecked")
    E peek(long index) {
        return (E) SLOT.getAcquire(slots, (int) (index & mask));
    }

    /** Frees every element before {@code upTo}, making room for producers. Consumer thread only. */
    void release(long upTo) {
        long from = consumed();
        if (upTo < from || upTo > produced()) {
            throw new IllegalArgumentException("release up to " + upTo + " outside [" + from + ", " + produced() + "]");
        }
        for (long i = from; i < upTo; i++) {
            SLOT.setOpaque(slots, (int) (i & mask), null);
        }
        COUNTER.setRelease(consumerIndex, PAD, upTo);
    }

    /** Indexes claimed by producers so far (every successful {@link #offer}). */
    long produced() {
        return (long) COUNTER.getVolatile(producerIndex, PAD);
    }

    /** Indexes released by the consumer so far. */
    long consumed() {
        return (long) COUNTER.getVolatile(consumerIndex, PAD);
    }

    /** The most elements the ring holds. */
    long capacity() {
        return capacity;
    }
}
