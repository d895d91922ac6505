package dev.openevolve;

import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.Program;
import java.util.Map;
import java.util.TreeMap;

/** How a failed evaluation is kept on a stored program: the reason as the {@code failure} artifact. */
final class FailedEvaluations {
    static final String ARTIFACT = "failure";

    private FailedEvaluations() {
    }

    static Map<String, String> artifactsOf(EvaluationResult result) {
        var artifacts = new TreeMap<>(result.artifacts());
        result.failure().ifPresent(reason -> artifacts.put(ARTIFACT, reason));
        return artifacts;
    }

    /**
     * Whether the program's evaluation failed: it says so, or its metrics give no finite fitness (a program stored
     * by a version that let such results through).
     */
    static boolean failed(Program program) {
        return program.artifacts().containsKey(ARTIFACT) || program.metrics().isEmpty()
                || !Double.isFinite(program.fitness());
    }

    /** One line for the next prompt: the reason and the most telling artifact, shortened. */
    static String describe(Program program) {
        var sb = new StringBuilder("the candidate of iteration ").append(program.iteration()).append(" failed: ")
                .append(program.artifacts().getOrDefault(ARTIFACT, "the evaluator reported no usable metrics "
                        + program.metrics()));
        for (String key : new String[] {"compiler", "stderr", "stdout"}) {
            String text = program.artifacts().get(key);
            if (text != null && !text.isBlank()) {
                sb.append("\n").append(key).append(":\n").append(Text.tail(text, 1500));
                break;
            }
        }
        return sb.toString();
    }
}
