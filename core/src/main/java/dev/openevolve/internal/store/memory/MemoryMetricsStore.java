package dev.openevolve.internal.store.memory;

import dev.openevolve.spi.MetricsStore;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.SampleBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * At most {@code maxSamples} samples in a ring of primitive columns, oldest appended evicted first: no object per
 * sample (the strings are the host's, a context map only where a sample has one), so appending allocates nothing
 * once the columns have grown to the bound, and the retained samples give the collector little to trace. The
 * columns grow a chunk of {@value #CHUNK} samples at a time up to the bound, never by copying what they hold:
 * doubling arrays copied up to half a million samples at once and left the sampler's background thread tens of
 * milliseconds of work in one piece, during which busy hosts filled its buffer. {@link #find} scans the ring and
 * orders its hits by start, ties in append order. Thread safe: one lock guards the ring, so a batch is appended all
 * at once.
 */
final class MemoryMetricsStore implements MetricsStore {
    /** Samples per chunk of the columns (about 210 KB): a power of two, so a slot's chunk is a shift away. */
    static final int CHUNK = 4096;
    private static final int CHUNK_SHIFT = Integer.numberOfTrailingZeros(CHUNK);
    private static final int CHUNK_MASK = CHUNK - 1;

    private final int maxSamples;
    private final Runnable ensureOpen;
    private final Chunk[] chunks;
    /** Slots in the chunks allocated so far: full chunks, then the last, which only the bound makes smaller. */
    private int capacity;
    private int head;
    private int count;
    private long evicted;

    MemoryMetricsStore(int maxSamples, Runnable ensureOpen) {
        this.maxSamples = maxSamples;
        this.ensureOpen = ensureOpen;
        this.chunks = new Chunk[(int) ((maxSamples + (long) CHUNK - 1) / CHUNK)];
        reset();
    }

    @Override
    public void append(SampleBatch batch) {
        Objects.requireNonNull(batch, "batch");
        ensureOpen.run();
        synchronized (this) {
            for (int i = 0, n = batch.size(); i < n; i++) {
                int slot = nextSlot();
                chunk(slot).write(slot & CHUNK_MASK, batch, i);
            }
        }
    }

    /** The slot for the next sample: a free one, after adding a chunk while below the bound, or the oldest. */
    private int nextSlot() {
        if (count == capacity && capacity < maxSamples) {
            addChunk();
        }
        if (count < capacity) {
            return wrap(head + count++, capacity);
        }
        int slot = head;
        head = wrap(head + 1, capacity);
        evicted++;
        return slot;
    }

    /** Adds the next chunk while the ring has not wrapped: the samples lie in slots [0, count). */
    private void addChunk() {
        int size = Math.min(CHUNK, maxSamples - capacity);
        chunks[capacity >>> CHUNK_SHIFT] = new Chunk(size);
        capacity += size;
    }

    /** {@code i % capacity} for {@code i} in [0, 2 × capacity), without a division on the append path. */
    private static int wrap(int i, int capacity) {
        return i < capacity ? i : i - capacity;
    }

    @Override
    public List<PerformanceSample> find(Instant from, Instant to, int limit) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative but was " + limit);
        }
        ensureOpen.run();
        if (limit == 0 || !from.isBefore(to)) {
            return List.of();
        }
        synchronized (this) {
            int[] hits = new int[Math.min(count, 1024)];
            int found = 0;
            boolean ordered = true;
            for (int k = 0; k < count; k++) {
                int slot = wrap(head + k, capacity);
                if (!startsBefore(slot, from) && startsBefore(slot, to)) {
                    if (found == hits.length) {
                        hits = Arrays.copyOf(hits, Math.min(count, 2 * hits.length));
                    }
                    ordered &= found == 0 || !startsBefore(slot, hits[found - 1]);
                    hits[found++] = slot;
                }
            }
            if (!ordered) {
                hits = sortByStart(hits, found);
            }
            int n = Math.min(found, limit);
            List<PerformanceSample> result = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                int slot = hits[k];
                result.add(chunk(slot).sample(slot & CHUNK_MASK));
            }
            return List.copyOf(result);
        }
    }

    /** Hits in ring order, stably sorted by start: ties keep append order. */
    private int[] sortByStart(int[] hits, int found) {
        Comparator<Integer> byStart = Comparator.<Integer>comparingLong(this::startSecond)
                .thenComparingInt(this::startNano);
        return Arrays.stream(hits, 0, found).boxed().sorted(byStart).mapToInt(Integer::intValue).toArray();
    }

    private Chunk chunk(int slot) {
        return chunks[slot >>> CHUNK_SHIFT];
    }

    private long startSecond(int slot) {
        return chunk(slot).startSeconds[slot & CHUNK_MASK];
    }

    private int startNano(int slot) {
        return chunk(slot).startNanos[slot & CHUNK_MASK];
    }

    private boolean startsBefore(int slot, Instant t) {
        long second = startSecond(slot);
        return second < t.getEpochSecond() || (second == t.getEpochSecond() && startNano(slot) < t.getNano());
    }

    private boolean startsBefore(int slot, int other) {
        long second = startSecond(slot);
        long otherSecond = startSecond(other);
        return second < otherSecond || (second == otherSecond && startNano(slot) < startNano(other));
    }

    synchronized long evicted() {
        return evicted;
    }

    /** Samples held now. */
    synchronized int size() {
        return count;
    }

    /** The slots the columns have room for now; never more than the bound. */
    synchronized int capacity() {
        return capacity;
    }

    synchronized void clear() {
        reset();
    }

    /** Empty, with the first chunk only: the others become garbage. */
    private void reset() {
        Arrays.fill(chunks, null);
        head = 0;
        count = 0;
        capacity = 0;
        addChunk();
    }

    /** {@link #CHUNK} samples' columns (fewer in the last chunk under the bound); guarded by the store's lock. */
    private static final class Chunk {
        final String[] components;
        final String[] operations;
        final long[] startSeconds;
        final int[] startNanos;
        final long[] durationNanos;
        final boolean[] success;
        final String[] errorMessages;
        final Map<?, ?>[] contexts;
        final long[] allocatedBytes;
        final long[] cpuNanos;

        Chunk(int size) {
            components = new String[size];
            operations = new String[size];
            startSeconds = new long[size];
            startNanos = new int[size];
            durationNanos = new long[size];
            success = new boolean[size];
            errorMessages = new String[size];
            contexts = new Map<?, ?>[size];
            allocatedBytes = new long[size];
            cpuNanos = new long[size];
        }

        /** Copies sample {@code i} of {@code batch} into slot {@code o}. */
        void write(int o, SampleBatch batch, int i) {
            // These columns live long in the old generation: storing a reference there marks a card for the
            // collector to scan, and a slot mostly holds the same names (and null) from its last lap already.
            storeIfChanged(components, o, batch.component(i));
            storeIfChanged(operations, o, batch.operation(i));
            startSeconds[o] = batch.startEpochSecond(i);
            startNanos[o] = batch.startNano(i);
            durationNanos[o] = batch.durationNanos(i);
            success[o] = batch.success(i);
            storeIfChanged(errorMessages, o, batch.errorMessage(i));
            Map<String, String> context = batch.context(i);
            storeIfChanged(contexts, o, context.isEmpty() ? null : context);
            allocatedBytes[o] = batch.allocatedBytes(i);
            cpuNanos[o] = batch.cpuNanos(i);
        }

        private static <T> void storeIfChanged(T[] column, int o, T value) {
            if (column[o] != value) {
                column[o] = value;
            }
        }

        @SuppressWarnings("unchecked")
        PerformanceSample sample(int o) {
            Map<String, String> context = contexts[o] == null ? Map.of() : (Map<String, String>) contexts[o];
            return new PerformanceSample(components[o], operations[o],
                    Instant.ofEpochSecond(startSeconds[o], startNanos[o]), Duration.ofNanos(durationNanos[o]),
                    success[o], errorMessages[o], context, allocatedBytes[o], cpuNanos[o]);
        }
    }
}
