package dev.openevolve.internal.store.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Values ordered by an instant (ties in insertion order), at most {@code max} of them; the oldest are
 * evicted first. Thread safe: one lock guards the map, so a group of values is added all at once.
 */
final class TimeIndex<T> {

    private record Key(Instant at, long sequence) {
    }

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::at).thenComparingLong(Key::sequence);

    private final int max;
    private final TreeMap<Key, T> values = new TreeMap<>(ORDER);
    private long sequence;
    private long evicted;

    TimeIndex(int max) {
        this.max = max;
    }

    /** Adds every value of {@code group}, timed by {@code time}, as one step. */
    void addAll(List<T> group, java.util.function.Function<T, Instant> time) {
        synchronized (values) {
            for (T value : group) {
                values.put(new Key(time.apply(value), sequence++), value);
            }
            while (values.size() > max) {
                values.pollFirstEntry();
                evicted++;
            }
        }
    }

    /** Values timed in {@code [from, to)}, oldest first, at most {@code limit}. */
    List<T> find(Instant from, Instant to, int limit) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative but was " + limit);
        }
        if (limit == 0 || !from.isBefore(to)) {
            return List.of();
        }
        synchronized (values) {
            var range = values.subMap(new Key(from, Long.MIN_VALUE), true, new Key(to, Long.MIN_VALUE), false);
            var result = new ArrayList<T>(Math.min(limit, range.size()));
            for (T value : range.values()) {
                if (result.size() == limit) {
                    break;
                }
                result.add(value);
            }
            return List.copyOf(result);
        }
    }

    long evicted() {
        synchronized (values) {
            return evicted;
        }
    }

    void clear() {
        synchronized (values) {
            values.clear();
        }
    }
}
