package dev.openevolve.llm.openai;

import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns provider {@link Settings} plus environment variables into a configured
 * {@link OpenAiModel}, reporting every invalid setting at once. Immutable, therefore thread safe.
 */
final class SettingsReader {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsReader.class);

    static final List<String> API_KEY_VARIABLES = List.of("OPENAI_API_KEY", "OPENEVOLVE_API_KEY");
    static final String BASE_URL_VARIABLE = "OPENAI_BASE_URL";
    static final Set<String> KEYS = Set.of("model", "api_base", "base_url", "api_key", "organization", "project",
            "temperature", "top_p", "max_tokens", "max_tokens_param", "seed", "connect_timeout_seconds",
            "timeout_seconds", "request_timeout_seconds", "retries", "max_retry_delay_seconds",
            "input_cost_per_million", "output_cost_per_million");

    private final Map<String, String> environment;

    SettingsReader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * A model configured from {@code settings}.
     *
     * @throws OpenEvolveException listing every invalid or missing setting
     */
    OpenAiModel read(Settings settings) {
        var builder = OpenAiModel.builder();
        var errors = new ArrayList<String>();
        var unknown = new TreeSet<>(settings.asMap().keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            LOG.warn("model provider 'openai' ignores unknown setting(s) {}; known: {}", unknown, new TreeSet<>(KEYS));
        }

        apply(errors, () -> settings.get("model").ifPresent(builder::model));
        apply(errors, () -> baseUrl(settings).ifPresent(builder::baseUrl));
        apply(errors, () -> firstPresent(settings, "api_key", API_KEY_VARIABLES).ifPresent(builder::apiKey));
        apply(errors, () -> settings.get("organization").ifPresent(builder::organization));
        apply(errors, () -> settings.get("project").ifPresent(builder::project));
        apply(errors, () -> ifSet(settings, "temperature", k -> builder.temperature(settings.getDouble(k, 0))));
        apply(errors, () -> ifSet(settings, "top_p", k -> builder.topP(settings.getDouble(k, 0))));
        apply(errors, () -> ifSet(settings, "max_tokens", k -> builder.maxTokens(settings.getInt(k, 0))));
        apply(errors, () -> settings.get("max_tokens_param").map(MaxTokensParam::fromSetting).ifPresent(builder::maxTokensParam));
        apply(errors, () -> ifSet(settings, "seed", k -> builder.seed(longValue(settings, k))));
        apply(errors, () -> ifSet(settings, "connect_timeout_seconds", k -> builder.connectTimeout(seconds(settings, k))));
        apply(errors, () -> ifSet(settings, "timeout_seconds", k -> builder.timeout(seconds(settings, k))));
        apply(errors, () -> ifSet(settings, "request_timeout_seconds", k -> builder.requestTimeout(seconds(settings, k))));
        apply(errors, () -> ifSet(settings, "retries", k -> builder.maxRetries(settings.getInt(k, 0))));
        apply(errors, () -> ifSet(settings, "max_retry_delay_seconds", k -> builder.maxRetryDelay(seconds(settings, k))));
        apply(errors, () -> ifSet(settings, "input_cost_per_million",
                k -> builder.inputCostPerMillion(settings.getDouble(k, 0))));
        apply(errors, () -> ifSet(settings, "output_cost_per_million",
                k -> builder.outputCostPerMillion(settings.getDouble(k, 0))));

        if (errors.isEmpty()) {
            try {
                return builder.build();
            } catch (IllegalStateException | IllegalArgumentException e) {
                errors.add("setting " + e.getMessage());
            }
        }
        throw new OpenEvolveException("invalid settings for model provider 'openai': " + String.join("; ", errors));
    }

    private Optional<String> baseUrl(Settings settings) {
        Optional<String> apiBase = nonBlank(settings.get("api_base"));
        Optional<String> baseUrl = nonBlank(settings.get("base_url"));
        if (apiBase.isPresent() && baseUrl.isPresent()
                && !apiBase.get().strip().replaceAll("/+$", "").equals(baseUrl.get().strip().replaceAll("/+$", ""))) {
            throw new IllegalArgumentException("'api_base' and 'base_url' name the same option but differ: '"
                    + apiBase.get() + "' and '" + baseUrl.get() + "'");
        }
        if (apiBase.isPresent() || baseUrl.isPresent()) {
            return apiBase.or(() -> baseUrl);
        }
        return nonBlank(Optional.ofNullable(environment.get(BASE_URL_VARIABLE)));
    }

    private Optional<String> firstPresent(Settings settings, String key, List<String> variables) {
        Optional<String> configured = nonBlank(settings.get(key));
        if (configured.isPresent()) {
            return configured;
        }
        for (String variable : variables) {
            Optional<String> value = nonBlank(Optional.ofNullable(environment.get(variable)));
            if (value.isPresent()) {
                LOG.debug("model provider 'openai' takes '{}' from the environment variable {}", key, variable);
                return value;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.filter(v -> !v.isBlank());
    }

    private static void ifSet(Settings settings, String key, Consumer<String> action) {
        if (settings.get(key).isPresent()) {
            action.accept(key);
        }
    }

    private static long longValue(Settings settings, String key) {
        String v = settings.require(key);
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new OpenEvolveException("setting '" + key + "' must be an integer but was '" + v + "'");
        }
    }

    private static Duration seconds(Settings settings, String key) {
        return settings.getSeconds(key, Duration.ZERO);
    }

    private static void apply(List<String> errors, Runnable step) {
        try {
            step.run();
        } catch (IllegalArgumentException e) {
            errors.add("setting " + e.getMessage());
        } catch (OpenEvolveException e) {
            errors.add(e.getMessage());
        }
    }
}
