package dev.openevolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.internal.llm.MutationModel;
import dev.openevolve.plugin.Providers;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Resuming a run: every iteration whose program was not stored is done again; runs of other problems never mix. */
class ResumeTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final int ITERATIONS = 24;

    private static OpenEvolveConfig config() {
        var c = TuningProblem.config(ITERATIONS, 5);
        return c.toBuilder().engine(c.engine().withParallelIterations(4)).build();
    }

    private static List<Program> run(Store store, Evaluator evaluator) {
        try (var controller = Controller.builder().config(config()).initialProgram(TuningProblem.PROGRAM)
                .evaluator(evaluator).languageModel(MutationModel.defaults()).store(store).clock(CLOCK).build()) {
            controller.run();
        }
        return store.programs().list("default");
    }

    /**
     * The process "dies" right after program {@code kill + 1} is stored while program {@code kill}, planned before
     * it, is still being evaluated: its program is never stored, the one after it is.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 5, 7, 11, 16, 21})
    void aRunKilledWithAnIterationMissingBeforeAStoredOneEndsIdenticalToAnUninterruptedRun(int kill) throws Exception {
        List<Program> uninterrupted;
        try (Store store = Providers.store("memory").open(Settings.empty())) {
            uninterrupted = run(store, new TuningProblem());
        }
        try (Store store = Providers.store("memory").open(Settings.empty())) {
            var killed = new CountDownLatch(1);
            var problem = new TuningProblem();
            Evaluator slowAtKill = request -> {
                if (request.candidate().id().equals(ProgramIds.forIteration(kill))) {
                    killed.await(30, TimeUnit.SECONDS);
                }
                return problem.evaluate(request);
            };
            var dying = CrashingStore.killedAt(store, kill + 1, killed::countDown);
            assertThatThrownBy(() -> run(dying, slowAtKill)).hasMessageContaining("simulated crash");
            assertThat(store.programs().find("default", ProgramIds.forIteration(kill))).isEmpty();
            assertThat(store.programs().find("default", ProgramIds.forIteration(kill + 1))).isPresent();

            var again = new TuningProblem();
            List<Program> resumed = run(store, again);

            assertThat(again.evaluatedIds).contains(ProgramIds.forIteration(kill))
                    .doesNotContain(ProgramIds.forIteration(kill + 1));
            assertThat(resumed).isEqualTo(uninterrupted);
        }
    }

    @Test
    void aStoredRunIsNotResumedWithAnotherInitialProgramAndTheMessageNamesBoth() {
        try (Store store = Providers.store("memory").open(Settings.empty())) {
            List<Program> stored = run(store, new TuningProblem());
            String other = TuningProblem.PROGRAM.replace("# a tiny program", "// another problem");
            var builder = Controller.builder().config(config()).initialProgram(other).evaluator(new TuningProblem())
                    .languageModel(MutationModel.defaults()).store(store).clock(CLOCK);
            try (var controller = builder.build()) {
                assertThatThrownBy(controller::run).isInstanceOf(OpenEvolveException.class)
                        .hasMessageContaining("run 'default' cannot be resumed with this initial program")
                        .hasMessageContaining("first line '# a tiny program with two tuning constants'")
                        .hasMessageContaining("first line '// another problem with two tuning constants'");
            }
            assertThat(store.programs().list("default")).isEqualTo(stored);
        }
    }

    @Test
    void aStoredCandidateWithoutUsableMetricsIsResumedAsAFailureInsteadOfCrashingEveryRerun() {
        try (Store store = Providers.store("memory").open(Settings.empty())) {
            var first = config();
            try (var controller = Controller.builder().config(first.toBuilder()
                            .engine(first.engine().withMaxIterations(6)).build())
                    .initialProgram(TuningProblem.PROGRAM).evaluator(new TuningProblem())
                    .languageModel(MutationModel.defaults()).store(store).clock(CLOCK).build()) {
                controller.run();
            }
            // what an older version stored before it committed (and crashed on) such a result
            Program parent = store.programs().find("default", "p0").orElseThrow();
            store.programs().save("default", new Program("p7", parent.code().replace("x = 1.0", "x = 1.5"), "python",
                    "p0", 1, 7, 1, java.util.Map.of(), java.util.Map.of(), "", CLOCK.instant()));

            var again = new TuningProblem();
            List<Program> programs = run(store, again);

            assertThat(programs).hasSizeGreaterThan(ITERATIONS - 2);
            assertThat(again.evaluatedIds).doesNotContain("p7");
        }
    }

    @Test
    void derivedRunIdsDependOnBothContentsAndAreValidRunIds() {
        String id = RunIds.derive("x = 1", "score()");
        assertThat(id).matches("run-[0-9a-f]{16}").isEqualTo(RunIds.derive("x = 1", "score()"));
        assertThat(RunIds.derive("x = 2", "score()")).isNotEqualTo(id);
        assertThat(RunIds.derive("x = 1", "score(1)")).isNotEqualTo(id);
        assertThat(RunIds.derive("x = 1s", "core()")).isNotEqualTo(id);
        assertThat(Controller.builder().runId(id)).isNotNull();
    }

}
