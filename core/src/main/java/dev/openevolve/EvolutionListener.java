package dev.openevolve;

import dev.openevolve.spi.RunCheckpoint;

/**
 * Hook for a host to follow a run. Methods are called on the controller's coordinating thread, in
 * iteration order; they must return quickly and should not throw (an exception is logged and the run
 * goes on). Implementations need not be thread safe unless shared between controllers.
 */
public interface EvolutionListener {

    /** One iteration completed (in order). */
    default void onIteration(IterationEvent event) {
    }

    /** A checkpoint was stored. */
    default void onCheckpoint(RunCheckpoint checkpoint) {
    }

    /** The run or cycle stopped. */
    default void onFinished(RunResult result) {
    }
}
