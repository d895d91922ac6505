package dev.openevolve;

import dev.openevolve.config.LlmConfig;
import dev.openevolve.config.ModelConfig;
import dev.openevolve.llm.ModelEnsemble;
import dev.openevolve.llm.MutationModel;
import dev.openevolve.llm.WeightedModel;
import dev.openevolve.plugin.Providers;
import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.Settings;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the run's language model from configuration: the configured ensemble when its members
 * can reach a model (an API key or a base URL is set), otherwise the offline {@code mutation} model
 * with a one-line notice.
 */
final class Models {
    private static final Logger log = LoggerFactory.getLogger(Models.class);

    private Models() {
    }

    /**
     * The configured model; the offline one (by default or configured) answers diffs or, with {@code diffBased}
     * off, full rewrites.
     */
    static LanguageModel fromConfig(LlmConfig llm, boolean diffBased) {
        var members = new ArrayList<WeightedModel>();
        for (ModelConfig model : llm.models()) {
            if (model.weight() == 0) {
                continue;
            }
            if (needsEndpoint(model) && !reachable(model.settings())) {
                continue;
            }
            Settings settings = withDefaults(model, llm);
            LanguageModel created = Providers.languageModel(model.provider()).create(settings);
            if (!diffBased && created instanceof MutationModel mutation) {
                created = mutation.withFullRewrites();
            }
            members.add(new WeightedModel(created, model.weight()));
        }
        if (members.isEmpty()) {
            log.info("No LLM configured (no API key or base URL): using the offline 'mutation' model.");
            return diffBased ? MutationModel.defaults() : MutationModel.defaults().withFullRewrites();
        }
        return members.size() == 1 ? members.get(0).model() : ModelEnsemble.of(members);
    }

    /**
     * The model named {@code name} on the endpoint of the first configured model that can reach one (OpenEvolve's
     * {@code novelty_llm}); empty offline.
     */
    static java.util.Optional<LanguageModel> judge(LlmConfig llm, String name) {
        for (ModelConfig model : llm.models()) {
            if (model.weight() > 0 && needsEndpoint(model) && reachable(model.settings())) {
                Settings settings = withDefaults(model, llm).with("model", name);
                return java.util.Optional.of(Providers.languageModel(model.provider()).create(settings));
            }
        }
        return java.util.Optional.empty();
    }

    /** Whether any configured model would be used instead of the offline one. */
    static boolean anyReachable(LlmConfig llm) {
        return llm.models().stream()
                .anyMatch(m -> m.weight() > 0 && (!needsEndpoint(m) || reachable(m.settings())));
    }

    private static boolean needsEndpoint(ModelConfig model) {
        return model.provider().equals("openai");
    }

    private static boolean reachable(Settings settings) {
        return !settings.get("api_key", "").isBlank() || !settings.get("api_base", "").isBlank()
                || !settings.get("base_url", "").isBlank();
    }

    private static Settings withDefaults(ModelConfig model, LlmConfig llm) {
        Settings s = model.settings();
        s = putIfAbsent(s, "model", model.name());
        s = putIfAbsent(s, "temperature", String.valueOf(llm.temperature()));
        s = putIfAbsent(s, "top_p", String.valueOf(llm.topP()));
        s = putIfAbsent(s, "max_tokens", String.valueOf(llm.maxTokens()));
        s = putIfAbsent(s, "timeout_seconds", String.valueOf(llm.timeout().toMillis() / 1000.0));
        s = putIfAbsent(s, "retries", String.valueOf(llm.retries()));
        return s;
    }

    private static Settings putIfAbsent(Settings s, String key, String value) {
        return s.get(key).isPresent() ? s : s.with(key, value);
    }
}
