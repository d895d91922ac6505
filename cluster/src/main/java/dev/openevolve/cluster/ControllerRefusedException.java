package dev.openevolve.cluster;

import dev.openevolve.spi.OpenEvolveException;

/** A second controller for a run that already has one is refused; so is a controller that lost its run. */
public final class ControllerRefusedException extends OpenEvolveException {
    private static final long serialVersionUID = 1L;

    ControllerRefusedException(String message) {
        super(message);
    }
}
