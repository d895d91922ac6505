package dev.openevolve.llm.openai;

import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.LanguageModelProvider;
import dev.openevolve.spi.Settings;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code openai} model provider: creates {@link OpenAiModel}s for any OpenAI-compatible
 * chat-completions endpoint, found by {@link java.util.ServiceLoader}.
 *
 * <p>Settings: {@code model} (required), {@code api_base} (or {@code base_url}), {@code api_key},
 * {@code organization}, {@code project}, {@code temperature}, {@code top_p}, {@code max_tokens},
 * {@code max_tokens_param} ({@code max_tokens}, {@code max_completion_tokens} or {@code auto}),
 * {@code seed}, {@code connect_timeout_seconds}, {@code timeout_seconds} (total per call),
 * {@code request_timeout_seconds} (per attempt), {@code retries}, {@code max_retry_delay_seconds},
 * {@code input_cost_per_million}, {@code output_cost_per_million}. When {@code api_key} is absent the
 * key comes from {@code OPENAI_API_KEY}, then {@code OPENEVOLVE_API_KEY}; when the base URL is absent
 * it comes from {@code OPENAI_BASE_URL}, else OpenAI's. Invalid settings are all reported in one
 * {@link dev.openevolve.spi.OpenEvolveException}.
 *
 * <p>Stateless and thread safe.
 */
public final class OpenAiProvider implements LanguageModelProvider {
    /** The id this provider is found under. */
    public static final String ID = "openai";

    private final SettingsReader reader;

    /** The provider that reads fallbacks from the process environment ({@link System#getenv()}). */
    public OpenAiProvider() {
        this(System.getenv());
    }

    /**
     * A provider that reads fallbacks ({@code OPENAI_API_KEY}, {@code OPENEVOLVE_API_KEY},
     * {@code OPENAI_BASE_URL}) from {@code environment} instead of the process environment.
     */
    public OpenAiProvider(Map<String, String> environment) {
        this.reader = new SettingsReader(Objects.requireNonNull(environment, "environment"));
    }

    /** {@value #ID}. */
    @Override
    public String id() {
        return ID;
    }

    /**
     * Creates an {@link OpenAiModel}; the caller closes it.
     *
     * @throws dev.openevolve.spi.OpenEvolveException naming every invalid or missing setting
     */
    @Override
    public LanguageModel create(Settings settings) {
        return reader.read(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Whether the settings name an endpoint ({@code api_base} or {@code base_url}) or a key ({@code api_key});
     * without either the engine runs the offline model instead.
     */
    @Override
    public boolean configured(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        return !settings.get("api_key", "").isBlank() || !settings.get("api_base", "").isBlank()
                || !settings.get("base_url", "").isBlank();
    }
}
