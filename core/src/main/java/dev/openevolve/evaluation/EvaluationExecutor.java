package dev.openevolve.evaluation;

import dev.openevolve.spi.Candidate;
import dev.openevolve.spi.EvaluationResult;
import java.util.concurrent.CompletableFuture;

/**
 * Where the evolution loop sends candidates to be scored: the local {@link EvaluatorPool} by default, or a
 * distributed executor (selected by {@code evaluation.executor}, created by an {@link EvaluationExecutorProvider})
 * that spreads them over worker processes. The loop submits at most {@code parallel_iterations} candidates at
 * once and commits their results in iteration order, so an executor may complete futures in any order.
 *
 * <p>Implementations are thread safe. A result future never completes exceptionally for a candidate or evaluator
 * fault: those are {@link EvaluationResult#failure failures}. {@link #close()} releases what the executor holds;
 * candidates not yet scored complete as failures.
 */
public interface EvaluationExecutor extends AutoCloseable {

    /**
     * Queues {@code candidate}; the future completes with its result. A candidate id is scored once per run: an
     * executor may answer a repeated id with the result it already has.
     *
     * @throws IllegalStateException when the executor is closed
     */
    CompletableFuture<EvaluationResult> submit(Candidate candidate);

    /** Scores {@code candidate}, waiting for the result. */
    default EvaluationResult evaluate(Candidate candidate) {
        return submit(candidate).join();
    }

    /** Releases threads, connections or processes; idempotent. */
    @Override
    void close();
}
