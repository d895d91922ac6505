package dev.openevolve.spi;

import java.time.Instant;
import java.util.List;

/**
 * Durable storage of sampled performance metrics. Implementations are thread safe; the sampler
 * calls {@link #append} from its background thread only, never from host threads.
 */
public interface MetricsStore {

    /** Stores every sample of {@code batch}, all or nothing; throws {@link StoreException} on failure. */
    void append(SampleBatch batch);

    /** Samples whose start lies in {@code [from, to)}, oldest first, at most {@code limit}. */
    List<PerformanceSample> find(Instant from, Instant to, int limit);
}
