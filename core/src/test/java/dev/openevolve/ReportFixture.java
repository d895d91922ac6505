package dev.openevolve;

import dev.openevolve.internal.llm.MutationModel;
import dev.openevolve.spi.Completion;
import dev.openevolve.spi.EvaluationRequest;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.PatternType;
import dev.openevolve.spi.PerformancePattern;
import dev.openevolve.spi.Prompt;
import dev.openevolve.spi.Store;
import dev.openevolve.spi.Suggestion;
import dev.openevolve.spi.SuggestionStatus;
import dev.openevolve.spi.TokenUsage;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A real evolution run for report tests: the tuning problem evolved by the offline model, every seventh
 * candidate failing with a timeout, each model call billed 120 tokens and $0.0015, plus a stored pattern
 * and suggestion. Leaves everything in the given store under run id {@link #RUN_ID}.
 */
public final class ReportFixture {
    public static final String RUN_ID = "report-run";
    public static final int ITERATIONS = 40;

    private ReportFixture() {
    }

    public static RunResult run(Store store) {
        var problem = new TuningProblem();
        Evaluator flaky = new Evaluator() {
            @Override
            public EvaluationResult evaluate(EvaluationRequest request) throws Exception {
                long iteration = ProgramIds.iterationOf(request.candidate().id());
                if (iteration > 0 && iteration % 7 == 3) {
                    return EvaluationResult.failure("timeout after 20 s", Map.of("stderr", "killed"));
                }
                return problem.evaluate(request);
            }
        };
        LanguageModel mutation = MutationModel.defaults();
        LanguageModel billed = new LanguageModel() {
            @Override
            public String name() {
                return "billed-mutation";
            }

            @Override
            public Completion complete(Prompt prompt) {
                Completion c = mutation.complete(prompt);
                return new Completion(c.text(), c.model(), c.finishReason(), new TokenUsage(100, 20), 0.0015);
            }
        };
        try (var controller = Controller.builder().config(TuningProblem.config(ITERATIONS, 10)).runId(RUN_ID)
                .initialProgram(TuningProblem.PROGRAM).evaluator(flaky).languageModel(billed).store(store).build()) {
            RunResult result = controller.run();
            Instant now = Instant.parse("2026-01-01T00:00:00Z");
            store.patterns().save(List.of(new PerformancePattern("pat-1", PatternType.PERFORMANCE_BOTTLENECK,
                    "checkout.price is slow <p95 40 ms>", 0.91, 0.4, 120, now, List.of("checkout"),
                    Map.of("p95_ms", 40.0))));
            store.suggestions().save(List.of(new Suggestion("sug-1", "performance_optimization", "checkout",
                    "cache prices & discounts", 0.3, 0.88, 1, "src/Checkout.java", SuggestionStatus.PENDING, now)));
            return result;
        }
    }
}
