package dev.openevolve.cluster;

import dev.openevolve.evaluation.EvaluationExecutor;
import dev.openevolve.evaluation.EvaluationExecutorProvider;
import dev.openevolve.spi.OpenEvolveException;

/**
 * Executor {@code cluster}: a {@link ClusterEvaluation} on the store's PostgreSQL database ({@code database.url},
 * {@code user}, {@code password}). Needs the evaluator file ({@code Controller.Builder.evaluatorSource}), whose hash
 * the workers' copies must match. Stateless and thread safe.
 */
public final class ClusterExecutorProvider implements EvaluationExecutorProvider {
    /** For {@link java.util.ServiceLoader}. */
    public ClusterExecutorProvider() {
    }

    @Override
    public String id() {
        return "cluster";
    }

    @Override
    public EvaluationExecutor create(Context context) {
        var source = context.evaluatorSource().orElseThrow(() -> new OpenEvolveException("evaluation.executor"
                + " 'cluster' needs the evaluator's file to check the workers' copies against: build the controller"
                + " with evaluatorSource(path)"));
        return ClusterEvaluation.builder().settings(ClusterSettings.fromStorage(context.config().database()))
                .runId(context.runId()).evaluatorFile(source).build();
    }
}
