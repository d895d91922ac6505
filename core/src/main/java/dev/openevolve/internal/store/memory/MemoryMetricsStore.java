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
 * columns start small and double up to the bound. {@link #find} scans the ring and orders its hits by start, ties
 * in append order. Thread safe: one lock guards the ring, so a batch is appended all at once.
 */
final class MemoryMetricsStore implements MetricsStore {
    private static final int FIRST_CAPACITY = 1024;

    private final int maxSamples;
    private final Runnable ensureOpen;
    private int head;
    private int count;
    private long evicted;
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

    MemoryMetricsStore(int maxSamples, Runnable ensureOpen) {
        this.maxSamples = maxSamples;
        this.ensureOpen = ensureOpen;
        allocate(Math.min(maxSamples, FIRST_CAPACITY));
    }

    @Override
    public void append(SampleBatch batch) {
        Objects.requireNonNull(batch, "batch");
        ensureOpen.run();
        synchronized (this) {
            for (int i = 0, n = batch.size(); i < n; i++) {
                int slot = nextSlot();
                // These columns live long in the old generation: storing a reference there marks a card for the
                // collector to scan, and a slot mostly holds the same names (and null) from its last lap already.
                storeIfChanged(components, slot, batch.component(i));
                storeIfChanged(operations, slot, batch.operation(i));
                startSeconds[slot] = batch.startEpochSecond(i);
                startNanos[slot] = batch.startNano(i);
                durationNanos[slot] = batch.durationNanos(i);
                success[slot] = batch.success(i);
                storeIfChanged(errorMessages, slot, batch.errorMessage(i));
                Map<String, String> context = batch.context(i);
                storeIfChanged(contexts, slot, context.isEmpty() ? null : context);
                allocatedBytes[slot] = batch.allocatedBytes(i);
                cpuNanos[slot] = batch.cpuNanos(i);
            }
        }
    }

    private static <T> void storeIfChanged(T[] column, int slot, T value) {
        if (column[slot] != value) {
            column[slot] = value;
        }
    }

    /** The slot for the next sample: a free one, after growing the columns while below the bound, or the oldest. */
    private int nextSlot() {
        int capacity = components.length;
        if (count == capacity && capacity < maxSamples) {
            grow((int) Math.min(maxSamples, 2L * capacity));
            capacity = components.length;
        }
        if (count < capacity) {
            return wrap(head + count++, capacity);
        }
        int slot = head;
        head = wrap(head + 1, capacity);
        evicted++;
        return slot;
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
            int capacity = components.length;
            int[] hits = new int[Math.min(count, 1024)];
            int found = 0;
            boolean ordered = true;
            for (int k = 0; k < count; k++) {
                int slot = (head + k) % capacity;
                if (!before(slot, from) && before(slot, to)) {
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
                result.add(sample(hits[k]));
            }
            return List.copyOf(result);
        }
    }

    /** Hits in ring order, stably sorted by start: ties keep append order. */
    private int[] sortByStart(int[] hits, int found) {
        Comparator<Integer> byStart = Comparator.<Integer>comparingLong(s -> startSeconds[s])
                .thenComparingInt(s -> startNanos[s]);
        return Arrays.stream(hits, 0, found).boxed().sorted(byStart).mapToInt(Integer::intValue).toArray();
    }

    private boolean before(int slot, Instant t) {
        long second = startSeconds[slot];
        return second < t.getEpochSecond() || (second == t.getEpochSecond() && startNanos[slot] < t.getNano());
    }

    private boolean startsBefore(int slot, int other) {
        return startSeconds[slot] < startSeconds[other]
                || (startSeconds[slot] == startSeconds[other] && startNanos[slot] < startNanos[other]);
    }

    @SuppressWarnings("unchecked")
    private PerformanceSample sample(int slot) {
        Map<String, String> context = contexts[slot] == null ? Map.of() : (Map<String, String>) contexts[slot];
        return new PerformanceSample(components[slot], operations[slot],
                Instant.ofEpochSecond(startSeconds[slot], startNanos[slot]), Duration.ofNanos(durationNanos[slot]),
                success[slot], errorMessages[slot], context, allocatedBytes[slot], cpuNanos[slot]);
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
        return components.length;
    }

    synchronized void clear() {
        allocate(Math.min(maxSamples, FIRST_CAPACITY));
    }

    private void allocate(int capacity) {
        head = 0;
        count = 0;
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

    /** Grows the columns while they are not yet wrapped: the samples lie in slots [0, count). */
    private void grow(int capacity) {
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
}
