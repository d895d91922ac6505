package dev.openevolve.analysis;

import dev.openevolve.spi.PerformanceSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builds synthetic, seeded sample batches for analyser tests. */
final class SampleGenerator {
    static final Instant T0 = Instant.parse("2024-06-01T12:00:00Z");

    private final Random random;
    private final List<PerformanceSample> samples = new ArrayList<>();

    SampleGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** {@code count} successes of {@code component/operation}, log-normal around {@code medianMs}, spread over an hour. */
    SampleGenerator ok(String component, String operation, int count, double medianMs) {
        for (int i = 0; i < count; i++) {
            add(component, operation, T0.plusMillis(random.nextInt(3_600_000)), jitter(medianMs), true, null);
        }
        return this;
    }

    /** Successes whose median moves from {@code beforeMs} to {@code afterMs} halfway through an hour. */
    SampleGenerator drifting(String component, String operation, int count, double beforeMs, double afterMs) {
        for (int i = 0; i < count; i++) {
            long offset = (long) i * 3_600_000 / count;
            add(component, operation, T0.plusMillis(offset), jitter(i < count / 2 ? beforeMs : afterMs), true, null);
        }
        return this;
    }

    /** Failures within {@code window} after {@code at}, log-normal around {@code medianMs}. */
    SampleGenerator failing(String component, String operation, int count, double medianMs, String error,
                            Instant at, Duration window) {
        for (int i = 0; i < count; i++) {
            Instant start = at.plusMillis((long) (random.nextDouble() * window.toMillis()));
            add(component, operation, start, jitter(medianMs), false, error);
        }
        return this;
    }

    SampleGenerator add(String component, String operation, Instant start, double ms, boolean success, String error) {
        samples.add(new PerformanceSample(component, operation, start, Duration.ofNanos((long) (ms * 1e6)), success,
                error, Map.of(), -1, -1));
        return this;
    }

    private double jitter(double medianMs) {
        return medianMs * Math.exp(0.08 * random.nextGaussian());
    }

    List<PerformanceSample> build() {
        List<PerformanceSample> shuffled = new ArrayList<>(samples);
        java.util.Collections.shuffle(shuffled, random);
        return shuffled;
    }
}
