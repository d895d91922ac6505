package dev.openevolve;

import dev.openevolve.config.EngineConfig;
import dev.openevolve.config.EvaluationConfig;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.config.ProgramsConfig;
import dev.openevolve.spi.EvaluationRequest;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.Evaluator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

/**
 * A small tuning problem for engine tests: a program assigns {@code x} and {@code y}; the evaluator
 * (trusted, in process) scores how close they are to (3.7, 0.5) and records every candidate id it saw.
 */
final class TuningProblem implements Evaluator {
    static final String PROGRAM = String.join("\n",
            "# a tiny program with two tuning constants",
            "# EVOLVE-BLOCK-START",
            "x = 1.0",
            "y = -2.0",
            "# EVOLVE-BLOCK-END",
            "print(x * y)",
            "");
    private static final Pattern ASSIGNMENT = Pattern.compile("(?m)^(x|y) = (\\S+)$");

    final Queue<String> evaluatedIds = new ConcurrentLinkedQueue<>();

    @Override
    public EvaluationResult evaluate(EvaluationRequest request) {
        evaluatedIds.add(request.candidate().id());
        double x = Double.NaN;
        double y = Double.NaN;
        var m = ASSIGNMENT.matcher(request.candidate().code());
        while (m.find()) {
            try {
                double v = Double.parseDouble(m.group(2));
                if (m.group(1).equals("x")) {
                    x = v;
                } else {
                    y = v;
                }
            } catch (NumberFormatException e) {
                return EvaluationResult.failure("not a number: " + m.group(2), Map.of("stderr", e.toString()));
            }
        }
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return EvaluationResult.failure("x or y is not assigned", Map.of());
        }
        double distance = (x - 3.7) * (x - 3.7) + (y - 0.5) * (y - 0.5);
        return EvaluationResult.success(Map.of(EvaluationResult.COMBINED_SCORE, 1 / (1 + distance),
                "distance", distance), Map.of("summary", "x=" + x + " y=" + y));
    }

    static OpenEvolveConfig config(int iterations, int checkpointInterval) {
        var d = OpenEvolveConfig.defaults();
        var engine = new EngineConfig(iterations, checkpointInterval, 42, "python", true, 10_000, Double.NaN, 0, 2);
        var programs = new ProgramsConfig(200, 20, 2, 0.1, 0.2, 0.7, List.of("complexity", "diversity"), 5, Map.of(),
                4, 0.2, 3);
        var evaluation = new EvaluationConfig(Duration.ofSeconds(20), 2, 1, false, List.of(), 256, 1 << 20);
        return new OpenEvolveConfig(engine, d.llm(), programs, d.prompt(), evaluation, d.database(), d.performance());
    }

    /** A language model answering with {@code answer}; usage and cost as the answer states them. */
    static dev.openevolve.spi.LanguageModel model(String name,
            java.util.function.Function<dev.openevolve.spi.Prompt, dev.openevolve.spi.Completion> answer) {
        return new dev.openevolve.spi.LanguageModel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public dev.openevolve.spi.Completion complete(dev.openevolve.spi.Prompt prompt) {
                return answer.apply(prompt);
            }
        };
    }

    /** A model whose every answer is {@code text}. */
    static dev.openevolve.spi.LanguageModel answering(String name, String text) {
        return model(name, prompt -> new dev.openevolve.spi.Completion(text, name,
                dev.openevolve.spi.FinishReason.STOP, dev.openevolve.spi.TokenUsage.NONE, 0));
    }
}
