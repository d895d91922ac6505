package dev.openevolve.metrics;

import dev.openevolve.spi.SampleBatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sampler's buffer: per-thread {@link SampleSegment}s, so that recording a sample takes no atomic instruction
 * and shares no cache line with another thread. A host thread takes a segment when it has none, writes it until it
 * is full and then lets it go; the flusher reads the segments in the order they were handed out, and reuses a
 * segment once the store accepted all of its samples, or once its owner died.
 *
 * <p>The bound: full segments waiting for the store hold at most {@code capacity} samples (a thread finding that
 * many waiting gets no segment, and its samples are dropped); besides them each recording thread fills at most one
 * segment: its first holds {@link #firstSegmentSize()} samples (16, about 1.5 KB), later ones
 * {@link #segmentSize()} (a 256th of the capacity, at most 256: 256 by default, about 13 KB), so the many threads
 * of a large pool, or short-lived ones, that record a few samples each hold little. An idle thread's published
 * samples are written like any others; only its segment's memory stays with it, and it is reused once the thread
 * died.
 *
 * <p>Thread safety: {@link #take} and {@link #filled} from host threads, which share only a short lock to take a
 * segment; {@link #collect}, {@link #commit}, {@link #rollback} and {@link #markTargets} from one flusher thread at
 * a time; {@link #buffered} and {@link #counts} from any thread. The flusher's side runs under this object's lock,
 * so that what the store accepted and what is buffered are read together.
 */
final class SampleBuffer {
    static final int MAX_SEGMENT_SIZE = 256;
    static final int SEGMENTS_PER_CAPACITY = 256;
    static final int PREALLOCATED_SEGMENTS = 256;
    /** A thread's first segment: most threads of a large pool, or short-lived ones, never fill more. */
    static final int FIRST_SEGMENT_SIZE = 16;

    private final int capacity;
    private final int segmentSize;
    private final int firstSegmentSize;
    /**
     * Samples in segments filled and not yet reused: host threads add a segment as they let go of it, the flusher
     * takes it off as it reuses it. (A StackOverflowError on the host thread's way from the one to the other would
     * leave one segment uncounted: the bound is then one segment wider.)
     */
    private final AtomicLong full = new AtomicLong();
    /**
     * Reusable segments of each size, the most recently freed first (the warmest in cache), and segments handed out
     * since the flusher last looked; all guarded by {@code free}. Array deques: taking a segment allocates nothing.
     */
    private final ArrayDeque<SampleSegment> free;
    private final ArrayDeque<SampleSegment> freeFirst;
    private final ArrayDeque<SampleSegment> arrivals;
    /** Segments handed out and not yet reused, in the order they were handed out; guarded by this. */
    private final List<SampleSegment> inPlay;
    /** Samples the store accepted, ever; guarded by this, with the segments' consumed counts. */
    private long released;
    /** Samples before the targets not yet accepted, as of the last mark or commit; guarded by this. */
    private long beforeTargets;

    SampleBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1 but was " + capacity);
        }
        this.capacity = capacity;
        this.segmentSize = Math.max(1, Math.min(MAX_SEGMENT_SIZE, capacity / SEGMENTS_PER_CAPACITY));
        this.firstSegmentSize = Math.min(FIRST_SEGMENT_SIZE, segmentSize);
        // preallocated up to the default capacity's worth: recording allocates nothing in the steady state; a
        // larger capacity, or more threads holding a segment, grow the pools when they first need it
        int preallocated = Math.min(capacity / segmentSize, PREALLOCATED_SEGMENTS);
        this.free = new ArrayDeque<>(preallocated + 16);
        for (int i = 0; i < preallocated; i++) {
            free.addLast(new SampleSegment(segmentSize));
        }
        this.freeFirst = new ArrayDeque<>(preallocated + 16);
        if (firstSegmentSize < segmentSize) {
            for (int i = 0; i < preallocated; i++) {
                freeFirst.addLast(new SampleSegment(firstSegmentSize));
            }
        }
        this.arrivals = new ArrayDeque<>(preallocated + 16);
        this.inPlay = new ArrayList<>(preallocated + 16);
    }

    /**
     * Host thread: a segment for {@code owner} to fill — a small one for its {@code first}, a full-size one once it
     * filled one — or null while full segments hold the capacity.
     */
    SampleSegment take(Thread owner, boolean first) {
        int size = first ? firstSegmentSize : segmentSize;
        if (full.get() + size > capacity) {
            return null;
        }
        SampleSegment segment;
        synchronized (free) {
            segment = pool(size).pollFirst();
        }
        if (segment == null) { // the pool grows: a capacity over the preallocated, or many threads
            try {
                segment = new SampleSegment(size);
            } catch (OutOfMemoryError e) {
                return null; // the sample is dropped and counted; the host's own allocations will meet the error
            }
        }
        segment.owner = owner;
        synchronized (free) {
            arrivals.addLast(segment);
        }
        return segment;
    }

    /** Moves the segments handed out since the last look to the end of {@link #inPlay}; under this lock. */
    private void admitArrivals() {
        synchronized (free) {
            for (SampleSegment s; (s = arrivals.pollFirst()) != null; ) {
                inPlay.add(s);
            }
        }
    }

    private ArrayDeque<SampleSegment> pool(int size) {
        return size == segmentSize ? free : freeFirst;
    }

    /** Host thread: {@code segment} is full (its write returned true); returns the samples in full segments. */
    long filled(SampleSegment segment) {
        return full.addAndGet(segment.size);
    }

    /** Whether full segments hold half the capacity or more: the flusher should not wait for its next poll. */
    boolean halfFull(long fullSamples) {
        return 2 * fullSamples >= capacity;
    }

    /**
     * Flusher: copies up to {@code max} published samples not yet collected into {@code out}, oldest segment first,
     * and with {@code toTargets} only those before each segment's {@link #markTargets target}. Returns how many.
     */
    synchronized int collect(SampleBatch.Builder out, int max, boolean toTargets, long wallSecond, int wallNano,
                             long nanoNow) {
        admitArrivals();
        int n = 0;
        for (int i = 0; i < inPlay.size() && n < max; i++) {
            SampleSegment s = inPlay.get(i);
            int end = toTargets ? s.target : s.published();
            int to = Math.min(end, s.collected + (max - n));
            for (int slot = s.collected; slot < to; slot++) {
                s.copyTo(slot, out, wallSecond, wallNano, nanoNow);
            }
            if (to > s.collected) {
                n += to - s.collected;
                s.collected = to;
            }
        }
        return n;
    }

    /**
     * Flusher: the store accepted what was collected. Frees those samples and reuses every segment that is done:
     * full and consumed, or consumed with its owner dead. Returns the samples still buffered; one pass over the
     * segments, which also counts what is left {@link #beforeTargets before the targets}.
     */
    synchronized long commit() {
        admitArrivals();
        long accepted = 0;
        long buffered = 0;
        long pending = 0;
        int kept = 0;
        for (int i = 0; i < inPlay.size(); i++) {
            SampleSegment s = inPlay.get(i);
            int consumed = s.consumed;
            if (s.collected > consumed) {
                accepted += s.collected - consumed;
                consumed = s.collected;
                s.consumed = consumed;
            }
            boolean isFull = consumed == s.size;
            // isAlive() false happens-after the dead thread's last write: read published after it
            if (isFull || (!s.owner.isAlive() && consumed == s.published())) {
                if (isFull) {
                    full.addAndGet(-s.size);
                }
                s.reset();
                synchronized (free) {
                    pool(s.size).addFirst(s);
                }
            } else {
                buffered += s.published() - consumed;
                pending += Math.max(0, s.target - consumed);
                inPlay.set(kept++, s);
            }
        }
        inPlay.subList(kept, inPlay.size()).clear();
        released += accepted;
        beforeTargets = pending;
        return buffered;
    }

    /** Flusher: the store refused what was collected; it is collected again next time. */
    synchronized void rollback() {
        for (SampleSegment s : inPlay) {
            s.collected = s.consumed;
        }
    }

    /** Flusher: every sample published by now becomes a target that {@link #collect} with targets stops at. */
    synchronized void markTargets() {
        admitArrivals();
        long pending = 0;
        for (SampleSegment s : inPlay) {
            s.target = s.published();
            pending += s.target - s.consumed;
        }
        beforeTargets = pending;
    }

    /** Flusher: samples before the targets the store has not accepted yet, as of the last mark or commit. */
    synchronized long beforeTargets() {
        return beforeTargets;
    }

    /** Samples recorded and not yet accepted by the store. */
    synchronized long buffered() {
        admitArrivals();
        long n = 0;
        for (SampleSegment s : inPlay) {
            n += s.published() - s.consumed;
        }
        return n;
    }

    /** Samples recorded so far and those of them the store accepted, read together. */
    synchronized Counts counts() {
        return new Counts(released + buffered(), released);
    }

    /** Samples recorded so far (accepted by the store, or buffered) and accepted by the store so far. */
    record Counts(long recorded, long released) {
    }

    /** The most samples full segments hold. */
    int capacity() {
        return capacity;
    }

    /** Samples per segment after a thread's first. */
    int segmentSize() {
        return segmentSize;
    }

    /** Samples in a thread's first segment. */
    int firstSegmentSize() {
        return firstSegmentSize;
    }
}
