package dev.openevolve.loop;

import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.LanguageModel;
import java.util.Objects;
import java.util.Optional;

/**
 * What the loop may evolve for one operation of the host: the current source of its implementation, the
 * evaluator that scores candidates, and the run's configuration. Immutable; the evaluator and model are the
 * host's and stay open.
 *
 * @param component      the host component
 * @param operation      the operation within it
 * @param initialProgram the source the evolution starts from
 * @param evaluator      scores candidates (thread safe, sandboxed)
 * @param config         iterations, seed and the rest of the run's configuration
 * @param languageModel  the model to use, or {@code null} for the one {@code config} names
 */
public record EvolutionTarget(String component, String operation, String initialProgram, Evaluator evaluator,
                              OpenEvolveConfig config, LanguageModel languageModel) {
    public EvolutionTarget {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(initialProgram, "initialProgram");
        Objects.requireNonNull(evaluator, "evaluator");
        Objects.requireNonNull(config, "config");
    }

    /** The model to use, if the target names one. */
    public Optional<LanguageModel> model() {
        return Optional.ofNullable(languageModel);
    }

    String key() {
        return component + "/" + operation;
    }
}
