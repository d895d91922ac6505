package dev.openevolve.loop;

import dev.openevolve.spi.Program;
import dev.openevolve.spi.Suggestion;
import java.util.Map;
import java.util.Optional;

/**
 * The host's side of a deployment: puts an approved suggestion into service and takes it out again. The loop
 * calls it from the thread that asked for the deployment (or, for an automatic rollback, from its validation
 * thread), never two calls at once; an exception leaves the suggestion's status unchanged and is reported.
 */
public interface DeploymentHandler {

    /**
     * Puts {@code suggestion} into service.
     *
     * @param program the code to deploy when the suggestion carries one (evolved or proposed code)
     */
    void deploy(Suggestion suggestion, Optional<Program> program) throws Exception;

    /**
     * Takes {@code suggestion} out of service, restoring what ran before it.
     *
     * @param evidence why: for an automatic rollback the validation's test statistics
     */
    void rollback(Suggestion suggestion, Map<String, String> evidence) throws Exception;
}
