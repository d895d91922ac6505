package dev.openevolve.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * One call of an {@link Evaluator}: the candidate, the cascade stage to run (1-based) and the
 * wall-clock time the evaluator has. The engine enforces the timeout itself as well; an evaluator
 * that starts child processes should pass it on so that they are killed in time. Immutable.
 *
 * @param candidate the program to score
 * @param stage     the cascade stage, from 1 to {@link Evaluator#stages()}
 * @param timeout   the time allowed for this stage, positive
 */
public record EvaluationRequest(Candidate candidate, int stage, Duration timeout) {
    public EvaluationRequest {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(timeout, "timeout");
        if (stage < 1) {
            throw new IllegalArgumentException("stage must be at least 1 but was " + stage);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive but was " + timeout);
        }
    }
}
