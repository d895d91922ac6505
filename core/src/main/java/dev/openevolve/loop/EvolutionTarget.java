package dev.openevolve.loop;

import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.LanguageModel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What the loop may evolve for one operation of the host: the current source of its implementation, the
 * evaluator that scores candidates, the run's configuration and, optionally, the source tree around it that the
 * model is shown as codebase context. Immutable; the evaluator and model are the host's and stay open.
 *
 * @param component      the host component
 * @param operation      the operation within it
 * @param initialProgram the source the evolution starts from
 * @param evaluator      scores candidates (thread safe, sandboxed)
 * @param config         iterations, seed and the rest of the run's configuration
 * @param languageModel  the model to use, or {@code null} for the one {@code config} names
 * @param codebaseRoot   the source tree described to the model in each cycle's prompts (by the preferred
 *                       {@code CodebaseContextProvider}, {@code treesitter} when module {@code openevolve-codegraph}
 *                       is on the class path), or {@code null} for no codebase context
 */
public record EvolutionTarget(String component, String operation, String initialProgram, Evaluator evaluator,
                              OpenEvolveConfig config, LanguageModel languageModel, Path codebaseRoot) {
    public EvolutionTarget {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(initialProgram, "initialProgram");
        Objects.requireNonNull(evaluator, "evaluator");
        Objects.requireNonNull(config, "config");
    }

    /** A target without codebase context; see {@link #withCodebaseRoot(Path)}. */
    public EvolutionTarget(String component, String operation, String initialProgram, Evaluator evaluator,
                           OpenEvolveConfig config, LanguageModel languageModel) {
        this(component, operation, initialProgram, evaluator, config, languageModel, null);
    }

    /** This target with {@code root} as the source tree described to the model. */
    public EvolutionTarget withCodebaseRoot(Path root) {
        return new EvolutionTarget(component, operation, initialProgram, evaluator, config, languageModel,
                Objects.requireNonNull(root, "root"));
    }

    /** The model to use, if the target names one. */
    public Optional<LanguageModel> model() {
        return Optional.ofNullable(languageModel);
    }

    /** The source tree described to the model, if the target names one. */
    public Optional<Path> codebase() {
        return Optional.ofNullable(codebaseRoot);
    }

    String key() {
        return component + "/" + operation;
    }
}
