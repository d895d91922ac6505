package dev.openevolve.metrics;

import dev.openevolve.config.PerformanceConfig;

import java.time.Duration;

/** Performance configs for tests: a long flush interval unless a test wants the timer. */
final class Configs {
    private Configs() {
    }

    static PerformanceConfig rate(double rate) {
        return new PerformanceConfig(rate, false, 5.0, 1000, Duration.ofMinutes(10), 65_536, 16);
    }

    static PerformanceConfig config(double rate, int batchSize, int capacity) {
        return new PerformanceConfig(rate, false, 5.0, batchSize, Duration.ofMinutes(10), capacity, 16);
    }
}
