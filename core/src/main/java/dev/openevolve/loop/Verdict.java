package dev.openevolve.loop;

import java.util.Map;
import java.util.Objects;

/**
 * What deployment validation concluded, with the evidence: sample counts, medians, the test statistics and
 * p-values, and the bounds applied. Immutable.
 *
 * @param outcome  the conclusion
 * @param evidence the measured facts, as text, for the suggestion's history
 */
public record Verdict(Outcome outcome, Map<String, String> evidence) {

    /** The possible conclusions. */
    public enum Outcome {
        /** Fewer samples than {@link LoopSettings#minSamples()} on one side. */
        INSUFFICIENT_DATA,
        /** Significantly faster and no worse in failures. */
        IMPROVED,
        /** Significantly slower beyond the latency bound, or failing more beyond the failure bound. */
        DEGRADED,
        /** Neither. */
        NO_CHANGE
    }

    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
        evidence = Map.copyOf(evidence);
    }
}
