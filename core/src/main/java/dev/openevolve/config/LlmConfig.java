package dev.openevolve.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The language model ensemble and its budget (the seed's {@code llm} section). Immutable and thread safe;
 * secrets inside model settings are masked by {@link #toString()}. The canonical constructor accepts any
 * value; the {@code with…} methods reject a bad argument with an {@link IllegalArgumentException} naming it.
 *
 * <p>When loaded from YAML, each model's {@link ModelConfig#settings()} already carries this section's
 * temperature, top_p, max_tokens, timeout and retries unless the model entry sets its own.
 *
 * @param models                  the ensemble; empty means the offline {@code mutation} model
 * @param temperature             sampling temperature, in [0, 2]
 * @param topP                    nucleus sampling, in (0, 1]
 * @param maxTokens               answer token limit, at least 1
 * @param timeout                 per-call deadline, positive
 * @param retries                 retries per call inside the backend, at least 0
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

    /** A copy with {@code models} set; providers lower case, names not blank, weights >= 0 with a positive sum. */
    public LlmConfig withModels(List<ModelConfig> models) {
        return checked(new LlmConfig(models, temperature, topP, maxTokens, timeout, retries, maxCostUsd,
                maxTotalTokens, maxConsecutiveFailures), "models", "models");
    }

    /** A copy with {@code temperature} set; in [0, 2]. */
    public LlmConfig withTemperature(double temperature) {
        return checked(new LlmConfig(models, temperature, topP, maxTokens, timeout, retries, maxCostUsd,
                maxTotalTokens, maxConsecutiveFailures), "temperature", "temperature");
    }

    /** A copy with {@code topP} set; in (0, 1]. */
    public LlmConfig withTopP(double topP) {
        return checked(new LlmConfig(models, temperature, topP, maxTokens, timeout, retries, maxCostUsd,
                maxTotalTokens, maxConsecutiveFailures), "top_p", "topP");
    }

    /** A copy with {@code maxTokens} set; at least 1. */
    public LlmConfig withMaxTokens(int maxTokens) {
        return checked(new LlmConfig(models, temperature, topP, maxTokens, timeout, retries, maxCostUsd,
                maxTotalTokens, maxConsecutiveFailures), "max_tokens", "maxTokens");
    }

    /** A copy with {@code timeout} set; positive. */
    public LlmConfig withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return checked(new LlmConfig(models, temperature, topP, maxTokens, timeout, retries, maxCostUsd,
                maxTotalTokens, maxConsecutiveFailures), "timeout", "timeout");
    }

    /** A copy with {@code retries} set; at least 0. */
    public LlmConfig withRetries(int retries) {
        return checked(new LlmConfig(models, temperature, topP, maxTokens, timeout, retries, maxCostUsd,
                maxTotalTokens, maxConsecutiveFailures), "retries", "retries");
    }

    /** A copy with {@code maxCostUsd} set; finite and at least 0 (0 = no cap). */
    public LlmConfig withMaxCostUsd(double maxCostUsd) {
        return checked(new LlmConfig(models, temperature, topP, maxTokens, timeout, retries, maxCostUsd,
                maxTotalTokens, maxConsecutiveFailures), "max_cost_usd", "maxCostUsd");
    }

    /** A copy with {@code maxTotalTokens} set; at least 0 (0 = no cap). */
    public LlmConfig withMaxTotalTokens(long maxTotalTokens) {
        return checked(new LlmConfig(models, temperature, topP, maxTokens, timeout, retries, maxCostUsd,
                maxTotalTokens, maxConsecutiveFailures), "max_total_tokens", "maxTotalTokens");
    }

    /** A copy with {@code maxConsecutiveFailures} set; at least 1. */
    public LlmConfig withMaxConsecutiveFailures(int maxConsecutiveFailures) {
        return checked(new LlmConfig(models, temperature, topP, maxTokens, timeout, retries, maxCostUsd,
                maxTotalTokens, maxConsecutiveFailures), "max_consecutive_failures", "maxConsecutiveFailures");
    }

    private static LlmConfig checked(LlmConfig candidate, String key, String argument) {
        return ConfigValidator.checked(candidate, (c, p) -> ConfigValidator.llm(c, "", p), key, argument);
    }
}
