package dev.openevolve.internal.store.memory;

import dev.openevolve.spi.EventStore;
import dev.openevolve.spi.LoopEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The event log in a list, sequence numbers from 1. Bounded: past {@code maxEvents} the oldest are evicted
 * (their sequence numbers are never reused). Thread safe.
 */
final class MemoryEventStore implements EventStore {
    private final int maxEvents;
    private final Runnable ensureOpen;
    private final ArrayList<LoopEvent> events = new ArrayList<>();
    private long nextSequence = 1;

    MemoryEventStore(int maxEvents, Runnable ensureOpen) {
        this.maxEvents = maxEvents;
        this.ensureOpen = ensureOpen;
    }

    @Override
    public LoopEvent append(String type, Instant at, Map<String, String> data) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(data, "data");
        ensureOpen.run();
        synchronized (events) {
            LoopEvent event = new LoopEvent(nextSequence, at, type, data);
            nextSequence++;
            events.add(event);
            if (events.size() > maxEvents) {
                events.subList(0, events.size() - maxEvents).clear();
            }
            return event;
        }
    }

    @Override
    public List<LoopEvent> list(long afterSequence, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative but was " + limit);
        }
        ensureOpen.run();
        synchronized (events) {
            List<LoopEvent> result = new ArrayList<>(Math.min(limit, events.size()));
            for (LoopEvent e : events) {
                if (result.size() == limit) {
                    break;
                }
                if (e.sequence() > afterSequence) {
                    result.add(e);
                }
            }
            return List.copyOf(result);
        }
    }

    void clear() {
        synchronized (events) {
            events.clear();
        }
    }
}
