package dev.openevolve.spi;

/**
 * Tokens a model call consumed. Immutable.
 *
 * @param promptTokens     tokens in the request
 * @param completionTokens tokens in the answer
 */
public record TokenUsage(long promptTokens, long completionTokens) {

    /** No tokens at all. */
    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative but were "
                    + promptTokens + " and " + completionTokens);
        }
    }

    /** Prompt plus completion tokens. */
    public long total() {
        return promptTokens + completionTokens;
    }

    /** The sum of this usage and {@code other}. */
    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
