package dev.openevolve.internal.store.memory;

import dev.openevolve.spi.AuditStore;
import dev.openevolve.spi.EventStore;
import dev.openevolve.spi.MetricsStore;
import dev.openevolve.spi.PatternStore;
import dev.openevolve.spi.ProgramStore;
import dev.openevolve.spi.RolloutStore;
import dev.openevolve.spi.Store;
import dev.openevolve.spi.StoreException;
import dev.openevolve.spi.SuggestionStore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Store} that keeps everything in the heap of the current process: the default for
 * trying the library and for tests. Nothing survives the process.
 *
 * <p>Bounds: sampled metrics are an unbounded stream, so at most {@code maxSamples} samples are
 * kept, in a ring of primitive columns that allocates nothing per sample; the first appended are evicted first,
 * counted by {@link #evictedSamples()}. Programs
 * are kept in full (a run needs every one of them to resume) and so are patterns, suggestions and
 * configuration versions,
 * which are bounded by the number of distinct ids the engine makes; only the latest checkpoint of
 * each run is kept, since that is all {@link ProgramStore#latestCheckpoint} can return; at most
 * {@link #MAX_EVENTS} loop events are kept, the oldest evicted first.
 * each run is kept, since that is all {@link ProgramStore#latestCheckpoint} can return. The audit trail
 * keeps its newest {@link #MAX_AUDIT_ENTRIES} entries.
 *
 * <p>Thread safe. Lifecycle: created by {@link #create()} or the {@code memory} provider, closed by
 * the host; after {@link #close()} every operation throws {@link StoreException}.
 */
public final class MemoryStore implements Store {

    /** The number of samples kept when no bound is given. */
    public static final int DEFAULT_MAX_SAMPLES = 1_000_000;

    /** The number of loop events kept; older ones are evicted first. */
    public static final int MAX_EVENTS = 100_000;
    /** The number of audit entries kept; older ones are evicted first. */
    public static final int MAX_AUDIT_ENTRIES = 100_000;

    private final AtomicBoolean closed = new AtomicBoolean();
    private final MemoryProgramStore programs = new MemoryProgramStore(this::ensureOpen);
    private final MemoryMetricsStore metrics;
    private final MemoryPatternStore patterns = new MemoryPatternStore(this::ensureOpen);
    private final MemorySuggestionStore suggestions = new MemorySuggestionStore(this::ensureOpen);
    private final MemoryEventStore events = new MemoryEventStore(MAX_EVENTS, this::ensureOpen);
    private final MemoryRolloutStore rollout = new MemoryRolloutStore(this::ensureOpen);
    private final MemoryAuditStore audit = new MemoryAuditStore(MAX_AUDIT_ENTRIES, this::ensureOpen);

    private MemoryStore(int maxSamples) {
        this.metrics = new MemoryMetricsStore(maxSamples, this::ensureOpen);
    }

    /** An empty store keeping at most {@link #DEFAULT_MAX_SAMPLES} samples. */
    public static MemoryStore create() {
        return new MemoryStore(DEFAULT_MAX_SAMPLES);
    }

    /**
     * An empty store keeping at most {@code maxSamples} samples.
     *
     * @throws IllegalArgumentException when {@code maxSamples} is not positive
     */
    public static MemoryStore create(int maxSamples) {
        if (maxSamples < 1) {
            throw new IllegalArgumentException("max samples must be at least 1 but was " + maxSamples);
        }
        return new MemoryStore(maxSamples);
    }

    @Override
    public ProgramStore programs() {
        return programs;
    }

    @Override
    public MetricsStore metrics() {
        return metrics;
    }

    @Override
    public PatternStore patterns() {
        return patterns;
    }

    @Override
    public SuggestionStore suggestions() {
        return suggestions;
    }

    @Override
    public EventStore events() {
        return events;
    }

    @Override
    public RolloutStore rollout() {
        return rollout;
    }

    @Override
    public AuditStore audit() {
        return audit;
    }

    /** How many samples were dropped because more than the bound were appended. */
    public long evictedSamples() {
        return metrics.evicted();
    }

    /** Frees the stored data. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            programs.clear();
            metrics.clear();
            patterns.clear();
            suggestions.clear();
            events.clear();
            rollout.clear();
            audit.clear();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new StoreException("memory store is closed");
        }
    }

    @Override
    public String toString() {
        return "MemoryStore[closed=" + closed.get() + "]";
    }
}
