package dev.openevolve.plugin;

import dev.openevolve.config.LlmConfig;
import dev.openevolve.config.ModelConfig;
import dev.openevolve.internal.llm.ModelEnsemble;
import dev.openevolve.internal.llm.MutationModel;
import dev.openevolve.internal.llm.MutationModelProvider;
import dev.openevolve.internal.llm.WeightedModel;
import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.LanguageModelProvider;
import dev.openevolve.spi.Settings;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the language model an {@link LlmConfig} names, through the {@link LanguageModelProvider}s: the weighted
 * ensemble of the configured models whose provider calls them {@linkplain LanguageModelProvider#configured
 * configured}, otherwise the offline {@code mutation} model with a one-line notice. Stateless and thread safe.
 */
public final class Models {
    private static final Logger log = LoggerFactory.getLogger(Models.class);

    private Models() {
    }

    /**
     * The configured model; the caller owns and closes it. Each model gets the {@code llm} section's values
     * ({@code temperature}, {@code top_p}, {@code max_tokens}, {@code timeout_seconds}, {@code retries}) and its
     * name as {@code model} unless its own settings set them. The offline model (by default or configured) answers
     * diffs, or full rewrites when {@code diffBased} is off.
     *
     * @throws ProviderNotFoundException when a configured model's provider artifact is missing
     */
    public static LanguageModel fromConfig(LlmConfig llm, boolean diffBased) {
        Objects.requireNonNull(llm, "llm");
        var members = new ArrayList<WeightedModel>();
        for (ModelConfig model : llm.models()) {
            if (model.weight() == 0) {
                continue;
            }
            LanguageModelProvider provider = Providers.languageModel(model.provider());
            Settings settings = withDefaults(model, llm);
            if (!provider.configured(settings)) {
                log.info("Model '{}' of provider '{}' left out: its settings name no endpoint or key.", model.name(),
                        model.provider());
                continue;
            }
            LanguageModel created = provider.create(settings);
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
     * The model named {@code name} on the endpoint of the first configured model whose provider calls it
     * {@linkplain LanguageModelProvider#configured configured} (OpenEvolve's {@code novelty_llm}); empty offline.
     * The caller owns and closes it.
     */
    public static Optional<LanguageModel> judge(LlmConfig llm, String name) {
        Objects.requireNonNull(llm, "llm");
        Objects.requireNonNull(name, "name");
        for (ModelConfig model : llm.models()) {
            if (model.weight() == 0 || model.provider().equals(MutationModelProvider.ID)) {
                continue; // the offline model cannot judge
            }
            LanguageModelProvider provider = Providers.languageModel(model.provider());
            Settings settings = withDefaults(model, llm);
            if (provider.configured(settings)) {
                return Optional.of(provider.create(settings.with("model", name)));
            }
        }
        return Optional.empty();
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
