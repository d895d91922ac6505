package dev.openevolve.cluster;

import dev.openevolve.spi.OpenEvolveException;

/** A worker may not join a run: its evaluator differs from the run's. */
public final class WorkerRefusedException extends OpenEvolveException {
    private static final long serialVersionUID = 1L;

    WorkerRefusedException(String message) {
        super(message);
    }
}
