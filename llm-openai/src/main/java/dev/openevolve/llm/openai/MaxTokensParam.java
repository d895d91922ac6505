package dev.openevolve.llm.openai;

import java.util.Locale;

/**
 * Which request field carries the answer's token limit. OpenAI's reasoning models (o1, o3, o4,
 * gpt-5 and their variants) accept only {@code max_completion_tokens}; most other servers know only
 * {@code max_tokens}.
 */
public enum MaxTokensParam {
    /** Always send {@code max_tokens}. */
    MAX_TOKENS,
    /** Always send {@code max_completion_tokens}. */
    MAX_COMPLETION_TOKENS,
    /**
     * Send {@code max_completion_tokens} for reasoning models, and leave out {@code temperature} and
     * {@code top_p}, which they reject; send {@code max_tokens} for every other model.
     */
    AUTO;

    /**
     * The value named by a {@code max_tokens_param} setting: {@code max_tokens},
     * {@code max_completion_tokens} or {@code auto}, in any case.
     *
     * @throws IllegalArgumentException naming the accepted values otherwise
     */
    public static MaxTokensParam fromSetting(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "max_tokens" -> MAX_TOKENS;
            case "max_completion_tokens" -> MAX_COMPLETION_TOKENS;
            case "auto" -> AUTO;
            default -> throw new IllegalArgumentException(
                    "'max_tokens_param' must be max_tokens, max_completion_tokens or auto but was '" + value + "'");
        };
    }
}
