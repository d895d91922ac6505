package dev.openevolve.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.internal.llm.MutationModel;
import dev.openevolve.spi.Completion;
import dev.openevolve.spi.EvaluationRequest;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.LoopEvent;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.Prompt;
import dev.openevolve.spi.Suggestion;
import dev.openevolve.spi.SuggestionDecision;
import dev.openevolve.spi.SuggestionStatus;
import dev.openevolve.internal.store.memory.MemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop's evolution cycles on a small in-process problem: event-driven in phase 3, autonomous in phase 4. */
class LoopEvolutionTest {
    private static final String PROGRAM = "# EVOLVE-BLOCK-START\nx = 1.0\n# EVOLVE-BLOCK-END\nprint(x)\n";
    private static final String CONTEXT_HEADING = "## Codebase context";
    private static final Pattern X = Pattern.compile("(?m)^x = (\\S+)$");

    /** Scores how close {@code x} is to 3.7. */
    private static final class Closeness implements Evaluator {
        @Override
        public EvaluationResult evaluate(EvaluationRequest request) {
            var m = X.matcher(request.candidate().code());
            if (!m.find()) {
                return EvaluationResult.failure("x is not assigned", Map.of());
            }
            double x = Double.parseDouble(m.group(1));
            return EvaluationResult.success(Map.of(EvaluationResult.COMBINED_SCORE, 1 / (1 + Math.abs(x - 3.7))),
                    Map.of());
        }
    }

    private final List<String> deployed = new CopyOnWriteArrayList<>();
    private final DeploymentHandler handler = new DeploymentHandler() {
        @Override
        public void deploy(Suggestion s, Optional<Program> program) {
            deployed.add(program.orElseThrow().code());
        }

        @Override
        public void rollback(Suggestion s, Map<String, String> evidence) {
        }
    };

    /** The offline model, recording the user message of every prompt it answers. */
    private static final class RecordingModel implements LanguageModel {
        private final MutationModel delegate = new MutationModel(1, 1.0);
        private final List<String> prompts = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public Completion complete(Prompt prompt) {
            prompts.add(prompt.user());
            return delegate.complete(prompt);
        }
    }

    private static EvolutionTarget target() {
        return target(new MutationModel(1, 1.0), 15);
    }

    private static EvolutionTarget target(LanguageModel model, int iterations) {
        var d = OpenEvolveConfig.defaults();
        var config = d.toBuilder().engine(d.engine().withMaxIterations(iterations).withParallelIterations(1)
                .withLanguage("python")).build();
        return new EvolutionTarget("calc", "solve", PROGRAM, new Closeness(), config, model);
    }

    @Test
    void aCodebaseAnalysisEventStartsAnEvolutionWhoseBestBecomesAPendingSuggestionWithItsCode() throws Exception {
        try (var store = MemoryStore.create();
             var loop = OptimizationLoop.builder().store(store).deploymentHandler(handler)
                     .settings(LoopSettings.builder().phase(Phase.MANUAL_APPROVAL).build()).build()) {
            loop.registerTarget(target());
            assertThat(loop.codebaseAnalysisComplete("calc", "solve")).isTrue();
            assertThat(loop.codebaseAnalysisComplete("calc", "unregistered")).isTrue();
            for (int i = 0; i < 3000 && loop.state().handledEvents() + loop.state().failedEvents() < 2; i++) {
                Thread.sleep(10);
            }

            List<Suggestion> pending = loop.suggestions(new SuggestionQuery(SuggestionStatus.PENDING, "calc", "solve"));
            assertThat(pending).hasSize(1);
            Suggestion s = pending.get(0);
            assertThat(s.type()).isEqualTo("evolved_code");
            assertThat(loop.program(s).orElseThrow().code()).contains("x = ").isNotEqualTo(PROGRAM);
            assertThat(loop.events(0, 1000)).extracting(LoopEvent::type).containsSubsequence(
                    EventTypes.CODEBASE_ANALYSIS_COMPLETE, EventTypes.EVOLUTION_COMPLETE, EventTypes.SUGGESTION_CREATED);
            assertThat(deployed).isEmpty();
        }
    }

    @Test
    void inPhaseFourTheLoopApprovesAndDeploysItsOwnImprovement() {
        try (var store = MemoryStore.create();
             var loop = OptimizationLoop.builder().store(store).deploymentHandler(handler)
                     .settings(LoopSettings.builder().phase(Phase.AUTONOMOUS).build()).build()) {
            loop.registerTarget(target());

            EvolutionOutcome outcome = loop.evolve("calc", "solve");

            assertThat(outcome.bestScore()).isGreaterThan(outcome.initialScore());
            Suggestion s = outcome.improvement().orElseThrow();
            assertThat(s.status()).isEqualTo(SuggestionStatus.DEPLOYED);
            assertThat(deployed).containsExactly(loop.program(s).orElseThrow().code());
            assertThat(loop.history(s.id())).extracting(SuggestionDecision::actor, SuggestionDecision::to)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("loop", SuggestionStatus.APPROVED),
                            org.assertj.core.groups.Tuple.tuple("loop", SuggestionStatus.DEPLOYED));
            assertThat(loop.state().pendingValidations()).isEqualTo(1);
        }
    }

    @Test
    void aTargetsCodebaseRootIsDescribedInTheEvolutionPromptsAndWithoutOneThereIsNoCodebaseContext(
            @TempDir Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("tariffs.py"), "def regional_tariff_rate(region):\n    return 0.19\n");
        var withRoot = new RecordingModel();
        var without = new RecordingModel();
        try (var store = MemoryStore.create();
             var loop = OptimizationLoop.builder().store(store)
                     .settings(LoopSettings.builder().phase(Phase.MANUAL_APPROVAL).build()).build()) {
            EvolutionTarget plain = target(without, 3);
            assertThat(plain.codebase()).isEmpty();
            loop.registerTarget(plain);
            loop.evolve("calc", "solve");

            EvolutionTarget rooted = target(withRoot, 3).withCodebaseRoot(src);
            assertThat(rooted.codebase()).contains(src);
            assertThat(rooted.withCodebaseRoot(dir).codebaseRoot()).isEqualTo(dir);
            loop.registerTarget(rooted);
            loop.evolve("calc", "solve");
        }

        assertThat(withRoot.prompts).isNotEmpty().allSatisfy(p -> assertThat(p)
                .contains(CONTEXT_HEADING, "regional_tariff_rate", "tariffs.py"));
        assertThat(without.prompts).isNotEmpty().allSatisfy(p -> assertThat(p)
                .doesNotContain(CONTEXT_HEADING).doesNotContain("regional_tariff_rate"));
    }

    @Test
    void aCodebaseRootThatIsNotADirectoryGivesNoContextButTheCycleStillRuns(@TempDir Path dir) {
        var model = new RecordingModel();
        try (var store = MemoryStore.create();
             var loop = OptimizationLoop.builder().store(store)
                     .settings(LoopSettings.builder().phase(Phase.MANUAL_APPROVAL).build()).build()) {
            loop.registerTarget(target(model, 3).withCodebaseRoot(dir.resolve("missing")));

            EvolutionOutcome outcome = loop.evolve("calc", "solve");

            assertThat(outcome.iterations()).isEqualTo(3);
        }
        assertThat(model.prompts).hasSize(3).allSatisfy(p -> assertThat(p).doesNotContain(CONTEXT_HEADING));
    }

    @Test
    void withCodebaseRootRejectsNull() {
        org.assertj.core.api.Assertions.assertThatNullPointerException()
                .isThrownBy(() -> target().withCodebaseRoot(null)).withMessage("root");
    }
}
