package dev.openevolve;

/** Why an evolution run or cycle ended. */
public enum StopReason {
    /** The iteration budget was used up. */
    MAX_ITERATIONS,
    /** The best program reached {@code target_score}. */
    TARGET_SCORE,
    /** No improvement for {@code early_stopping_patience} iterations. */
    PATIENCE,
    /** The run's token or cost cap was reached. */
    SPENDING_CAP,
    /** Every model call kept failing ({@code llm.max_consecutive_failures} in a row). */
    MODEL_FAILURES,
    /** The host cancelled the run or closed the controller. */
    CANCELLED
}
