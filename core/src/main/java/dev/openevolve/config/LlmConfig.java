package dev.openevolve.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The language model ensemble and its budget (the seed's {@code llm} section). Immutable;
 * secrets inside model settings are masked by {@link #toString()}.
 *
 * @param models                  the ensemble; empty means the offline {@code mutation} model
 * @param temperature             sampling temperature, in [0, 2]
 * @param topP                    nucleus sampling, in (0, 1]
 * @param maxTokens               answer token limit, at least 1
 * @param timeout                 per-call deadline
 * @param retries                 retries per call inside the backend
 * @param maxCostUsd              the run's spending cap in US dollars; 0 for none
 * @param maxTotalTokens          the run's token cap; 0 for none
 * @param maxConsecutiveFailures  the run stops after this many model calls in a row failed, at least 1
 */
public record LlmConfig(List<ModelConfig> models, double temperature, double topP, int maxTokens, Duration timeout,
                        int retries, double maxCostUsd, long maxTotalTokens, int maxConsecutiveFailures) {
    public LlmConfig {
        models = List.copyOf(models);
        Objects.requireNonNull(timeout, "timeout");
    }

    /** OpenEvolve's defaults with no model configured (the offline model runs). */
    public static LlmConfig defaults() {
        return new LlmConfig(List.of(), 0.7, 0.95, 4096, Duration.ofSeconds(60), 3, 0, 0, 10);
    }
}
