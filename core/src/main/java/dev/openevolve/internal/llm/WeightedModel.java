package dev.openevolve.internal.llm;

import dev.openevolve.spi.LanguageModel;
import java.util.Objects;

/**
 * A member of a {@link ModelEnsemble} with its relative chance of being picked. Immutable.
 *
 * @param model  the member
 * @param weight the relative chance, finite and {@code >= 0}; members of weight 0 are dropped by the ensemble
 */
public record WeightedModel(LanguageModel model, double weight) {
    public WeightedModel {
        Objects.requireNonNull(model, "model");
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight of model '" + model.name()
                    + "' must be a finite number >= 0 but was " + weight);
        }
    }
}
