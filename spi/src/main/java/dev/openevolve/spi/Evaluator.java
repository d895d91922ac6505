package dev.openevolve.spi;

/**
 * Scores a candidate program.
 *
 * <p>An evaluator may offer several cascade stages: the engine runs stage 1 first and a later
 * stage only when the previous one passed its threshold. The engine calls {@link #evaluate}
 * from several threads at once (its evaluator pool), so implementations must be thread safe;
 * it also enforces its own hard timeout around each call and treats an exception as an
 * evaluator error that it may retry. Candidates are untrusted code: run them out of process.
 *
 * <p>Lifecycle: created by the host or an {@link EvaluatorProvider}, used for one or more runs,
 * then {@link #close() closed} by whoever created it.
 */
public interface Evaluator extends AutoCloseable {

    /** The number of cascade stages this evaluator offers, at least 1. */
    default int stages() {
        return 1;
    }

    /**
     * Evaluates one stage of one candidate.
     *
     * @return the metrics, artifacts and, for a candidate that failed, the reason
     * @throws Exception when the evaluator itself broke (not the candidate); the engine records
     *                   it as an evaluator error and may retry
     */
    EvaluationResult evaluate(EvaluationRequest request) throws Exception;

    /** Releases processes, files or pools held by this evaluator. Idempotent. */
    @Override
    default void close() {
    }
}
