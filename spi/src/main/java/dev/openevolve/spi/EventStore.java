package dev.openevolve.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The append-only event log of the continuous-learning loop, from which its history can be replayed. Thread
 * safe; failures throw {@link StoreException}.
 */
public interface EventStore {

    /** Appends an event and returns it with the sequence number the store gave it. */
    LoopEvent append(String type, Instant at, Map<String, String> data);

    /**
     * Events with a sequence number greater than {@code afterSequence}, in order, at most {@code limit}.
     *
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    List<LoopEvent> list(long afterSequence, int limit);
}
