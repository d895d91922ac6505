package dev.openevolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.internal.llm.MutationModel;
import dev.openevolve.plugin.Providers;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Store;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.Program;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The controller from defaults, under concurrent callers, closed mid-run, and fed unusable metrics. */
class ControllerLifecycleTest {
    private final Store store = Providers.store("memory").open(Settings.empty());

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** A model that blocks every call until {@code gate} opens, counting down {@code called} first. */
    private static LanguageModel gated(CountDownLatch called, CountDownLatch gate) {
        return TuningProblem.model("gated", prompt -> {
            called.countDown();
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return MutationModel.defaults().complete(prompt);
        });
    }

    @Test
    void theReadmeEmbeddingWorksFromDefaultsWithoutAStoreAndWithADatabasePasswordSet() {
        var d = OpenEvolveConfig.defaults();
        for (var config : List.of(d, d.toBuilder().database(d.database().withPassword("env-secret")).build())) {
            try (var controller = Controller.builder()
                    .config(config.toBuilder().engine(config.engine().withMaxIterations(3).withLanguage("python"))
                            .build())
                    .initialProgram(TuningProblem.PROGRAM).evaluator(new TuningProblem()).build()) {
                RunResult result = controller.run();
                assertThat(result.iterations()).isEqualTo(3);
                assertThat(controller.programs()).isNotEmpty();
            }
        }
    }

    @Test
    void bestTokensAndCostAnswerAtOnceWhileARunIsInProgress() throws Exception {
        var called = new CountDownLatch(1);
        var gate = new CountDownLatch(1);
        try (var controller = Controller.builder().config(TuningProblem.config(2, 1)).initialProgram(TuningProblem.PROGRAM)
                .evaluator(new TuningProblem()).languageModel(gated(called, gate)).store(store).build()) {
            CycleStart cycle = controller.startEvolutionCycle(Map.of());
            assertThat(called.await(30, TimeUnit.SECONDS)).isTrue();

            var reads = CompletableFuture.supplyAsync(() -> List.of(controller.best(), controller.tokenUsage(),
                    controller.costUsd()));
            List<Object> answered = reads.get(5, TimeUnit.SECONDS);   // on a blocked read this times out
            assertThat(controller.isRunning()).isTrue();
            assertThat(answered.get(0)).asString().contains("p0");

            gate.countDown();
            RunResult result = cycle.result().orElseThrow().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(controller.best()).contains(result.best());
        }
    }

    @Test
    void aCallerCannotCompleteTheCycleResult() throws Exception {
        var called = new CountDownLatch(1);
        var gate = new CountDownLatch(1);
        try (var controller = Controller.builder().config(TuningProblem.config(2, 1)).initialProgram(TuningProblem.PROGRAM)
                .evaluator(new TuningProblem()).languageModel(gated(called, gate)).store(store).build()) {
            CycleStart cycle = controller.startEvolutionCycle(Map.of());
            assertThat(cycle.status()).isEqualTo(CycleStart.Status.STARTED);
            CompletionStage<RunResult> stage = cycle.result().orElseThrow();
            if (stage instanceof CompletableFuture<RunResult> future) {
                assertThatThrownBy(() -> future.complete(null)).isInstanceOf(UnsupportedOperationException.class);
            }
            assertThat(stage.toCompletableFuture().cancel(true)).isTrue();   // a copy: the caller's own

            gate.countDown();
            RunResult result = stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(controller.best()).contains(result.best());
        }
    }

    @Test
    void aCycleResultCompletesOnlyOnceTheControllerAcceptsTheNextCycle() throws Exception {
        var called = new CountDownLatch(1);
        var gate = new CountDownLatch(1);
        try (var controller = Controller.builder().config(TuningProblem.config(2, 1)).initialProgram(TuningProblem.PROGRAM)
                .evaluator(new TuningProblem()).languageModel(gated(called, gate)).store(store).build()) {
            CycleStart cycle = controller.startEvolutionCycle(Map.of());
            // runs on the thread that completes the future, at the moment it completes
            CompletableFuture<Map.Entry<Boolean, CycleStart>> whenCompleted = cycle.result().orElseThrow()
                    .toCompletableFuture().thenApply(r -> Map.entry(controller.isRunning(),
                            controller.startEvolutionCycle(Map.of("after", "first"))));
            gate.countDown();

            assertThat(whenCompleted.get(30, TimeUnit.SECONDS).getKey()).isFalse();
            CycleStart next = whenCompleted.get().getValue();
            assertThat(next.status()).isEqualTo(CycleStart.Status.STARTED);
            assertThat(next.result().orElseThrow().toCompletableFuture().get(30, TimeUnit.SECONDS).iterations()).isEqualTo(4);
        }
    }

    @Test
    void closeDuringRunOnAnotherThreadStopsTheRunCleanlyAndWaitsForIt() throws Exception {
        var called = new CountDownLatch(1);
        var gate = new CountDownLatch(1);
        var problem = new TuningProblem();
        var controller = Controller.builder().config(TuningProblem.config(50, 5)).initialProgram(TuningProblem.PROGRAM)
                .evaluator(problem).languageModel(gated(called, gate)).store(store).build();
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(controller::run);
        assertThat(called.await(30, TimeUnit.SECONDS)).isTrue();

        var closing = CompletableFuture.runAsync(controller::close);
        Thread.sleep(200);
        assertThat(closing).isNotDone();   // waits for the iterations in flight
        gate.countDown();
        closing.get(30, TimeUnit.SECONDS);

        assertThat(controller.isRunning()).isFalse();   // close returned only once the run had ended
        RunResult result = run.get(30, TimeUnit.SECONDS);
        assertThat(result.reason()).isEqualTo(StopReason.CANCELLED);
        assertThat(result.iterations()).isBetween(1L, 49L);
        List<Program> stored = controller.programs();
        assertThat(stored).noneMatch(p -> String.valueOf(p.artifacts().get("failure")).contains("pool closed"));
        assertThat(stored).hasSize((int) result.iterations() + 1);
    }

    @Test
    void closeWhileTheInitialProgramIsEvaluatedStopsTheRunCleanly() throws Exception {
        var evaluating = new CountDownLatch(1);
        var gate = new CountDownLatch(1);
        var problem = new TuningProblem();
        Evaluator slowInitial = request -> {
            if (request.candidate().id().equals("p0")) {
                evaluating.countDown();
                gate.await(30, TimeUnit.SECONDS);
            }
            return problem.evaluate(request);
        };
        var controller = Controller.builder().config(TuningProblem.config(50, 5)).initialProgram(TuningProblem.PROGRAM)
                .evaluator(slowInitial).languageModel(MutationModel.defaults()).store(store).build();
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(controller::run);
        assertThat(evaluating.await(30, TimeUnit.SECONDS)).isTrue();

        var closing = CompletableFuture.runAsync(controller::close);
        Thread.sleep(200);
        gate.countDown();
        closing.get(30, TimeUnit.SECONDS);

        RunResult result = run.get(30, TimeUnit.SECONDS);   // a result, not an exception
        assertThat(result.reason()).isEqualTo(StopReason.CANCELLED);
        assertThat(result.initial().fitness()).isPositive();
        assertThat(store.programs().list("default")).noneMatch(p -> p.artifacts().containsKey("failure"));
    }

    static List<Map<String, Double>> unusableMetrics() {
        return List.of(Map.of(), Map.of("a", 1e308, "b", 1e308));
    }

    @ParameterizedTest
    @MethodSource("unusableMetrics")
    void anEvaluatorResultWithoutUsableMetricsIsAFailedCandidateWithItsReason(Map<String, Double> metrics) {
        var problem = new TuningProblem();
        Evaluator evaluator = request -> request.candidate().id().equals("p0") ? problem.evaluate(request)
                : EvaluationResult.success(metrics);
        try (var controller = Controller.builder().config(TuningProblem.config(6, 2))
                .initialProgram(TuningProblem.PROGRAM).evaluator(evaluator)
                .languageModel(MutationModel.defaults()).store(store).build()) {
            RunResult result = controller.run();
            assertThat(result.iterations()).isEqualTo(6);
            assertThat(result.best().id()).isEqualTo("p0");
            var candidates = controller.programs().stream().filter(p -> !p.id().equals("p0")).toList();
            assertThat(candidates).isNotEmpty().allSatisfy(p -> assertThat(p.artifacts().get("failure"))
                    .containsAnyOf("no usable metrics", "no finite fitness"));
        }
    }
}
