package dev.openevolve.evaluation;

import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.spi.Evaluator;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates the {@link EvaluationExecutor} named by {@code evaluation.executor} (for example {@code cluster} from
 * the {@code openevolve-cluster} artifact); found by {@link java.util.ServiceLoader} under {@link #id()}. The id
 * {@code local} is the built-in {@link EvaluatorPool} and needs no provider. Implementations must have a public
 * no-argument constructor and be stateless and thread safe.
 */
public interface EvaluationExecutorProvider {

    /** The id the configuration names in {@code evaluation.executor}, lower case. */
    String id();

    /**
     * Creates an executor for one run; the controller closes it.
     *
     * @throws dev.openevolve.spi.OpenEvolveException when the configuration does not allow it, naming the key
     */
    EvaluationExecutor create(Context context);

    /**
     * What the controller knows when it creates the executor.
     *
     * @param runId           the run the candidates belong to
     * @param config          the run's configuration
     * @param evaluator       the controller's own evaluator
     * @param evaluatorSource the file the evaluator was built from, when the host named it
     *                        ({@code Controller.Builder.evaluatorSource}); distributed executors compare its
     *                        content with the workers' copies
     */
    record Context(String runId, OpenEvolveConfig config, Evaluator evaluator, Optional<Path> evaluatorSource) {
        public Context {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(evaluator, "evaluator");
            Objects.requireNonNull(evaluatorSource, "evaluatorSource");
        }
    }
}
