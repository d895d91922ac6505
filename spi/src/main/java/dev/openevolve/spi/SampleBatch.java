package dev.openevolve.spi;

import java.util.List;
import java.util.Objects;

/**
 * A batch of samples flushed together, with the process snapshot read closest to the flush.
 * Immutable.
 *
 * @param samples the samples, in recording order
 * @param process the process-level readings for the batch
 */
public record SampleBatch(List<PerformanceSample> samples, ProcessSnapshot process) {
    public SampleBatch {
        samples = List.copyOf(samples);
        Objects.requireNonNull(process, "process");
    }
}
