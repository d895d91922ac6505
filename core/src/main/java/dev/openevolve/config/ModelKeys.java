package dev.openevolve.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@link dev.openevolve.spi.Settings} keys the configuration layer fills in for each model. */
final class ModelKeys {
    static final String MODEL = "model";
    static final String API_BASE = "api_base";
    static final String API_KEY = "api_key";
    static final String TEMPERATURE = "temperature";
    static final String TOP_P = "top_p";
    static final String MAX_TOKENS = "max_tokens";
    static final String TIMEOUT_SECONDS = "timeout_seconds";
    static final String RETRIES = "retries";
    static final String SEED = "seed";

    /** The provider that receives API keys and bases from the environment. */
    static final String OPENAI = "openai";

    private ModelKeys() {
    }

    /** The section-wide values every model inherits unless its entry sets its own, as settings text. */
    static Map<String, String> shared(LlmConfig llm) {
        var shared = new LinkedHashMap<String, String>();
        shared.put(TEMPERATURE, Rules.number(llm.temperature()));
        shared.put(TOP_P, Rules.number(llm.topP()));
        shared.put(MAX_TOKENS, Integer.toString(llm.maxTokens()));
        shared.put(TIMEOUT_SECONDS, Rules.seconds(llm.timeout()));
        shared.put(RETRIES, Integer.toString(llm.retries()));
        return shared;
    }
}
