package dev.openevolve.spi;

import java.util.Objects;

/**
 * A model's answer with what it cost. Immutable.
 *
 * @param text         the generated text
 * @param model        the model that answered (an ensemble reports its member)
 * @param finishReason why generation stopped
 * @param usage        tokens consumed
 * @param costUsd      the price of the call in US dollars, {@code 0} when free or unknown
 */
public record Completion(String text, String model, FinishReason finishReason, TokenUsage usage, double costUsd) {
    public Completion {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
        if (!(costUsd >= 0) || Double.isInfinite(costUsd)) {
            throw new IllegalArgumentException("cost must be a finite non-negative number but was " + costUsd);
        }
    }

    /** Whether the answer was cut at the token limit. */
    public boolean truncated() {
        return finishReason == FinishReason.LENGTH;
    }
}
