package dev.openevolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.internal.llm.MutationModel;
import dev.openevolve.plugin.Providers;
import dev.openevolve.spi.Completion;
import dev.openevolve.spi.FinishReason;
import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.ModelException;
import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.Prompt;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Store;
import dev.openevolve.spi.TokenUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControllerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final List<Store> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(Store::close);
    }

    private Store memoryStore() {
        Store store = Providers.store("memory").open(Settings.empty());
        stores.add(store);
        return store;
    }

    private Controller.Builder builder(OpenEvolveConfig config, TuningProblem problem, Store store) {
        return Controller.builder().config(config).initialProgram(TuningProblem.PROGRAM).evaluator(problem)
                .languageModel(MutationModel.defaults()).store(store).clock(CLOCK);
    }

    @Test
    void offlineMutationModelImprovesATuningProblem() {
        var problem = new TuningProblem();
        try (var controller = builder(TuningProblem.config(60, 10), problem, memoryStore()).build()) {
            RunResult result = controller.run();

            assertThat(result.reason()).isEqualTo(StopReason.MAX_ITERATIONS);
            assertThat(result.iterations()).isEqualTo(60);
            assertThat(result.best().fitness()).isGreaterThan(result.initial().fitness() * 1.5);
            assertThat(controller.best()).contains(result.best());
        }
    }

    @Test
    void sameSeedGivesTheIdenticalRunTwice() {
        List<Program> first;
        List<Program> second;
        try (var controller = builder(TuningProblem.config(30, 10), new TuningProblem(), memoryStore()).build()) {
            controller.run();
            first = controller.programs();
        }
        try (var controller = builder(TuningProblem.config(30, 10), new TuningProblem(), memoryStore()).build()) {
            controller.run();
            second = controller.programs();
        }
        assertThat(first).hasSizeGreaterThan(20);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void aResumedRunLosesNothingAndEvaluatesNothingTwice() {
        Store store = memoryStore();
        var crashing = new CrashingStore(store, 13);
        var firstProblem = new TuningProblem();
        try (var controller = builder(TuningProblem.config(30, 5), firstProblem, crashing).build()) {
            assertThatThrownBy(controller::run).hasMessageContaining("simulated crash");
        }
        long storedBeforeResume = store.programs().list("default").stream()
                .filter(p -> ProgramIds.iterationOf(p.id()) > 0).count();
        assertThat(storedBeforeResume).isGreaterThan(10);

        var secondProblem = new TuningProblem();
        try (var controller = builder(TuningProblem.config(30, 5), secondProblem, store).build()) {
            RunResult result = controller.run();
            assertThat(result.iterations()).isEqualTo(30);
        }
        var everyEvaluation = new ArrayList<>(firstProblem.evaluatedIds);
        everyEvaluation.addAll(secondProblem.evaluatedIds);
        assertThat(everyEvaluation).doesNotHaveDuplicates();
        assertThat(secondProblem.evaluatedIds).doesNotContain("p0");
        var ids = store.programs().list("default").stream().map(Program::id).toList();
        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
        assertThat(everyEvaluation).allMatch(ids::contains);
    }

    @Test
    void startEvolutionCycleAnswersAlreadyRunningUnderConcurrentCalls() throws Exception {
        var gate = new CountDownLatch(1);
        var slowModel = TuningProblem.model("slow", prompt -> {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return MutationModel.defaults().complete(prompt);
        });
        try (var controller = builder(TuningProblem.config(4, 2), new TuningProblem(), memoryStore())
                .languageModel(slowModel).build()) {
            var pool = Executors.newFixedThreadPool(8);
            var answers = new CopyOnWriteArrayList<CycleStart>();
            var start = new CountDownLatch(1);
            for (int i = 0; i < 8; i++) {
                pool.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    answers.add(controller.startEvolutionCycle(Map.of("event", "ci_pipeline_complete")));
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

            assertThat(answers).hasSize(8);
            assertThat(answers.stream().filter(CycleStart::started)).hasSize(1);
            assertThat(answers.stream().filter(a -> a.status() == CycleStart.Status.ALREADY_RUNNING)).hasSize(7);
            assertThat(controller.isRunning()).isTrue();
            assertThatThrownBy(controller::run).isInstanceOf(OpenEvolveException.class)
                    .hasMessageContaining("already running");

            gate.countDown();
            RunResult first = answers.stream().filter(CycleStart::started).findFirst().orElseThrow()
                    .result().orElseThrow().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(first.iterations()).isEqualTo(4);
            assertThat(controller.isRunning()).isFalse();

            CycleStart next = controller.startEvolutionCycle(Map.of());
            assertThat(next.started()).isTrue();
            assertThat(next.result().orElseThrow().toCompletableFuture().get(30, TimeUnit.SECONDS).iterations()).isEqualTo(8);
        }
    }

    @Test
    void stopsWithAClearReasonWhenEveryModelCallFails() {
        LanguageModel failing = TuningProblem.model("down", prompt -> {
            throw new ModelException("down", 503, true, "service unavailable");
        });
        var base = TuningProblem.config(1000, 50);
        var config = base.toBuilder().llm(base.llm().withMaxConsecutiveFailures(5)).build();
        try (var controller = builder(config, new TuningProblem(), memoryStore()).languageModel(failing).build()) {
            RunResult result = controller.run();
            assertThat(result.reason()).isEqualTo(StopReason.MODEL_FAILURES);
            assertThat(result.iterations()).isLessThan(10);
            assertThat(result.detail()).contains("5 model calls in a row failed").contains("service unavailable");
        }
    }

    @Test
    void stopsAtTheSpendingCap() {
        LanguageModel paid = TuningProblem.model("paid", prompt -> {
            Completion c = MutationModel.defaults().complete(prompt);
            return new Completion(c.text(), "paid", FinishReason.STOP, new TokenUsage(1000, 200), 0.01);
        });
        var base = TuningProblem.config(1000, 50);
        var config = base.toBuilder().llm(base.llm().withMaxCostUsd(0.05)).build();
        try (var controller = builder(config, new TuningProblem(), memoryStore()).languageModel(paid).build()) {
            RunResult result = controller.run();
            assertThat(result.reason()).isEqualTo(StopReason.SPENDING_CAP);
            assertThat(result.costUsd()).isGreaterThanOrEqualTo(0.05).isLessThan(0.05 + 0.01 * 3);
            assertThat(result.tokens().total()).isEqualTo(Math.round(result.costUsd() / 0.01) * 1200);
        }
    }

    @Test
    void stopsAtTheTargetScoreAndOnPatience() {
        var base = TuningProblem.config(500, 50);
        var target = base.toBuilder().engine(base.engine().withTargetScore(0.3)).build();
        try (var controller = builder(target, new TuningProblem(), memoryStore()).build()) {
            RunResult result = controller.run();
            assertThat(result.reason()).isEqualTo(StopReason.TARGET_SCORE);
            assertThat(result.best().fitness()).isGreaterThanOrEqualTo(0.3);
        }
        var patient = base.toBuilder()
                .engine(base.engine().withEarlyStoppingPatience(3).withParallelIterations(1)).build();
        LanguageModel useless = TuningProblem.answering("useless", "I have no idea.");
        try (var controller = builder(patient, new TuningProblem(), memoryStore()).languageModel(useless).build()) {
            RunResult result = controller.run();
            assertThat(result.reason()).isEqualTo(StopReason.PATIENCE);
            assertThat(result.iterations()).isEqualTo(3);
        }
    }

    @Test
    void aDiffThatDoesNotApplyIsReportedInTheNextPromptOfItsIsland() {
        var prompts = new CopyOnWriteArrayList<Prompt>();
        LanguageModel noMatch = TuningProblem.answering("wrong",
                "<<<<<<< SEARCH\nz = 42\n=======\nz = 43\n>>>>>>> REPLACE\n");
        LanguageModel wrong = TuningProblem.model("wrong", prompt -> {
            prompts.add(prompt);
            return noMatch.complete(prompt);
        });
        var base = TuningProblem.config(4, 50);
        var sequential = base.toBuilder().engine(base.engine().withParallelIterations(1)).build();
        var events = new CopyOnWriteArrayList<IterationEvent>();
        try (var controller = builder(sequential, new TuningProblem(), memoryStore()).languageModel(wrong)
                .listener(new EvolutionListener() {
                    @Override
                    public void onIteration(IterationEvent event) {
                        events.add(event);
                    }
                }).build()) {
            controller.run();
        }
        assertThat(events).hasSize(4);
        assertThat(events.get(0).problems()).anyMatch(p -> p.contains("does not match"));
        assertThat(events.get(0).program()).isEmpty();
        // islands alternate (2 islands): iteration 3 works on iteration 1's island and is told what went wrong
        assertThat(prompts.get(2).user()).contains("does not match").contains("z = 42");
        assertThat(prompts.get(0).user()).doesNotContain("z = 42");
    }

    @Test
    void anInitialProgramFileHasItsDirectoryDescribedAsCodebaseContextUnlessTheHostSaysOtherwise(
            @TempDir Path dir) throws Exception {
        Path program = Files.writeString(dir.resolve("program.py"), TuningProblem.PROGRAM);
        Files.writeString(dir.resolve("helpers.py"), "def clamp(value, low, high):\n    return value\n");
        var base = TuningProblem.config(1, 50);
        var sequential = base.toBuilder().engine(base.engine().withParallelIterations(1)).build();

        assertThat(firstPrompt(Controller.builder().config(sequential).initialProgram(program)))
                .contains("## Codebase context").contains("helpers.py").contains("def clamp(value, low, high)");
        assertThat(firstPrompt(Controller.builder().config(sequential).initialProgram(program).codebaseContext("")))
                .doesNotContain("## Codebase context");
        Path other = Files.createDirectory(dir.resolve("other"));
        Files.writeString(other.resolve("elsewhere.py"), "def far_away():\n    pass\n");
        assertThat(firstPrompt(Controller.builder().config(sequential).codebaseRoot(other).initialProgram(program)))
                .contains("def far_away()").doesNotContain("def clamp");
        assertThat(firstPrompt(Controller.builder().config(sequential).initialProgram(TuningProblem.PROGRAM)))
                .as("a program given as text has no directory to describe").doesNotContain("## Codebase context");
        assertThat(firstPrompt(Controller.builder().config(sequential).codebaseRoot(dir.resolve("missing"))
                .initialProgram(program))).as("a tree that cannot be described gives no context")
                .doesNotContain("## Codebase context");
    }

    private String firstPrompt(Controller.Builder builder) {
        var prompts = new CopyOnWriteArrayList<Prompt>();
        LanguageModel recording = TuningProblem.model("recording", prompt -> {
            prompts.add(prompt);
            return MutationModel.defaults().complete(prompt);
        });
        try (var controller = builder.evaluator(new TuningProblem()).languageModel(recording).store(memoryStore())
                .clock(CLOCK).build()) {
            controller.run();
        }
        return prompts.get(0).user();
    }

    @Test
    void aFailingCandidateIsStoredWithItsReasonAndTheRunGoesOn() {
        LanguageModel breaking = TuningProblem.answering("breaking",
                "<<<<<<< SEARCH\nx = 1.0\n=======\nx = one\n>>>>>>> REPLACE\n");
        Store store = memoryStore();
        try (var controller = builder(TuningProblem.config(3, 50), new TuningProblem(), store)
                .languageModel(breaking).build()) {
            RunResult result = controller.run();
            assertThat(result.iterations()).isEqualTo(3);
            assertThat(result.best().id()).isEqualTo("p0");
        }
        List<Program> failed = store.programs().list("default").stream()
                .filter(p -> p.artifacts().containsKey("failure")).toList();
        assertThat(failed).isNotEmpty();
        assertThat(failed.get(0).artifacts().get("failure")).contains("not a number: one");
    }

    @Test
    void aFailingInitialProgramIsRejectedWithItsReason() {
        try (var controller = builder(TuningProblem.config(3, 50), new TuningProblem(), memoryStore())
                .initialProgram("print('no constants')").build()) {
            assertThatThrownBy(controller::run).isInstanceOf(OpenEvolveException.class)
                    .hasMessageContaining("initial program").hasMessageContaining("x or y is not assigned");
        }
    }

    @Test
    void aClosedControllerRefusesToRun() {
        var controller = builder(TuningProblem.config(3, 50), new TuningProblem(), memoryStore()).build();
        controller.close();
        controller.close();
        assertThatThrownBy(controller::run).isInstanceOf(OpenEvolveException.class).hasMessageContaining("closed");
        assertThat(controller.startEvolutionCycle(Map.of()).started()).isFalse();
    }

    @Test
    void builderNamesWhatIsMissing() {
        assertThatThrownBy(() -> Controller.builder().evaluator(new TuningProblem()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("initial program");
        assertThatThrownBy(() -> Controller.builder().initialProgram("x").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("evaluator");
        assertThatThrownBy(() -> Controller.builder().runId("bad id!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad id!'");
    }
}
