package dev.openevolve.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * Process-level resource readings taken about once a second by the sampler's background thread
 * and attached to a batch, never per call. Immutable.
 *
 * @param at            when it was read
 * @param heapUsedBytes used Java heap
 * @param rssBytes      resident set size, {@code -1} when the OS does not tell
 * @param cpuPercent    process CPU use over the last interval, 0–100 × cores, {@code -1} when unknown
 */
public record ProcessSnapshot(Instant at, long heapUsedBytes, long rssBytes, double cpuPercent) {
    public ProcessSnapshot {
        Objects.requireNonNull(at, "at");
    }
}
