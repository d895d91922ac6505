package dev.openevolve.llm.openai;

import dev.openevolve.spi.TokenUsage;

/**
 * US-dollar prices per million prompt and completion tokens, both {@code 0} when unknown or free;
 * validated by {@link OpenAiModel.Builder}. Immutable.
 *
 * @param inputPerMillion  price of a million prompt tokens
 * @param outputPerMillion price of a million completion tokens
 */
record Pricing(double inputPerMillion, double outputPerMillion) {

    double cost(TokenUsage usage) {
        return (usage.promptTokens() * inputPerMillion + usage.completionTokens() * outputPerMillion) / 1_000_000.0;
    }
}
