package dev.openevolve;

import dev.openevolve.spi.Completion;
import dev.openevolve.spi.Program;
import java.util.List;

/**
 * What one iteration produced, before it is committed: the candidate (or none), the model's
 * completion (or none when every call failed) and the problems to show in the next prompt.
 */
record Attempt(long iteration, int island, Program candidate, Completion completion, String modelError,
               List<String> problems) {

    Attempt {
        problems = List.copyOf(problems);
    }

    static Attempt modelFailure(long iteration, int island, String error) {
        return new Attempt(iteration, island, null, null, error, List.of("the model call failed: " + error));
    }

    boolean modelFailed() {
        return modelError != null;
    }

    boolean evaluated() {
        return candidate != null;
    }
}
