package dev.openevolve.config;

import dev.openevolve.spi.Settings;
import java.util.Objects;

/**
 * One member of the model ensemble. Immutable and thread safe; {@link #toString()} masks secrets in
 * {@code settings}.
 *
 * <p>When loaded by {@link ConfigLoader}, {@code settings} holds {@code model} (the name), {@code api_base},
 * {@code api_key} (when known), {@code temperature}, {@code top_p}, {@code max_tokens},
 * {@code timeout_seconds}, {@code retries} and every other key of the YAML model entry.
 *
 * @param provider the {@link dev.openevolve.spi.LanguageModelProvider} id ({@code openai}, {@code mutation}, …)
 * @param name     the model name sent to the backend
 * @param weight   the relative chance of being picked, {@code >= 0}; members of weight 0 are dropped
 * @param settings backend options passed to the provider (base URL, API key, temperature, …)
 */
public record ModelConfig(String provider, String name, double weight, Settings settings) {
    public ModelConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
    }
}
