package dev.openevolve.llm.openai;

import dev.openevolve.spi.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Builds the request body for a {@link Prompt} from the model's sampling options. Options that were
 * never set stay {@code null} and are left out of the JSON. Immutable, therefore thread safe.
 */
final class RequestFactory {
    private static final Pattern REASONING = Pattern.compile("o[1-9][0-9]*([-.:_].*)?|gpt-5([-.:_].*)?");

    private final String model;
    private final Double temperature;
    private final Double topP;
    private final Integer maxTokens;
    private final boolean completionTokensField;
    private final Long seed;
    private final boolean reasoning;

    RequestFactory(String model, Double temperature, Double topP, Integer maxTokens, MaxTokensParam param, Long seed) {
        boolean reasoning = param == MaxTokensParam.AUTO && isReasoningModel(model);
        this.model = model;
        this.temperature = reasoning ? null : temperature;
        this.topP = reasoning ? null : topP;
        this.maxTokens = maxTokens;
        this.completionTokensField = param == MaxTokensParam.MAX_COMPLETION_TOKENS || reasoning;
        this.seed = seed;
        this.reasoning = reasoning;
    }

    /** Whether {@code model} (optionally prefixed, as in {@code openai/o3-mini}) is an OpenAI reasoning model. */
    static boolean isReasoningModel(String model) {
        String base = model.substring(model.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return REASONING.matcher(base).matches();
    }

    /** Whether the model was recognised as a reasoning model, so that temperature and top_p are left out. */
    boolean reasoning() {
        return reasoning;
    }

    ChatRequest create(Prompt prompt) {
        List<ChatRequest.Message> messages = new ArrayList<>(2);
        if (!prompt.system().isBlank()) {
            messages.add(new ChatRequest.Message("system", prompt.system()));
        }
        messages.add(new ChatRequest.Message("user", prompt.user()));
        return new ChatRequest(model, messages, temperature, topP,
                completionTokensField ? null : maxTokens,
                completionTokensField ? maxTokens : null,
                seed == null ? null : requestSeed(seed, prompt.seed()));
    }

    /**
     * Mixes the configured seed with the prompt's per-call seed into a non-negative 31-bit value,
     * which every known server accepts; calls repeat across runs yet differ between iterations.
     */
    static int requestSeed(long configured, long perCall) {
        long z = configured * 0x9E3779B97F4A7C15L + perCall;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) (z >>> 33);
    }
}
