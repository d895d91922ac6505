package dev.openevolve.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.Controller;
import dev.openevolve.EvolutionListener;
import dev.openevolve.IterationEvent;
import dev.openevolve.RunResult;
import dev.openevolve.config.ConfigLoader;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.evaluation.Evaluators;
import dev.openevolve.internal.llm.MutationModel;
import dev.openevolve.internal.prompt.PromptSampler;
import dev.openevolve.spi.Completion;
import dev.openevolve.spi.FinishReason;
import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.Prompt;
import dev.openevolve.spi.TokenUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The OpenEvolve features the configurations of {@code examples/openevolve_configs} switch on do something in a real
 * run (the function minimisation example, its Python evaluator, the offline model, five iterations): an OpenEvolve
 * template folder shapes the prompts, changes-description mode keeps a description per program, novelty rejection
 * keeps near copies out of the population and asks a judge model when one is configured.
 */
class OpenEvolveFeaturesTest {
    private static final Path EXAMPLE = Path.of("function_minimization");
    private static final Path CONFIGS = Path.of("openevolve_configs");
    private static final String JUDGE_SYSTEM_START = "You decide whether a proposed program";
    private static final java.util.regex.Pattern DESCRIPTION = java.util.regex.Pattern.compile(
            "# Changes description of the current program\n.*?```text\n(.*?)\n```", java.util.regex.Pattern.DOTALL);

    /**
     * The offline model, recording every prompt; it answers judge prompts with {@code judgeAnswer} and, in
     * changes-description mode, adds a line to the description with its own SEARCH/REPLACE block, as a model would.
     */
    private static final class RecordingModel implements LanguageModel {
        final List<Prompt> prompts = new CopyOnWriteArrayList<>();
        final List<Prompt> judged = new CopyOnWriteArrayList<>();
        private final MutationModel offline = MutationModel.defaults();
        private final String judgeAnswer;

        RecordingModel(String judgeAnswer) {
            this.judgeAnswer = judgeAnswer;
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public Completion complete(Prompt prompt) {
            if (prompt.system().startsWith(JUDGE_SYSTEM_START)) {
                judged.add(prompt);
                return new Completion(judgeAnswer, "judge", FinishReason.STOP, new TokenUsage(10, 2), 0.001);
            }
            prompts.add(prompt);
            Completion answer = offline.complete(prompt);
            var description = DESCRIPTION.matcher(prompt.user());
            if (!description.find()) {
                return answer;
            }
            String[] lines = description.group(1).split("\n");
            String last = lines[lines.length - 1];
            String update = "\n<<<<<<< SEARCH\n" + last + "\n=======\n" + last + "\n- tried another constant ("
                    + prompts.size() + ")\n>>>>>>> REPLACE\n";
            return new Completion(answer.text() + update, answer.model(), answer.finishReason(), answer.usage(),
                    answer.costUsd());
        }
    }

    private record Run(RecordingModel model, List<IterationEvent> events, RunResult result) {
        List<Program> candidates() {
            return events.stream().flatMap(e -> e.program().stream()).toList();
        }
    }

    private static Run run(String config, UnaryOperator<OpenEvolveConfig> adjust, RecordingModel model)
            throws IOException {
        OpenEvolveConfig loaded = ConfigLoader.load(CONFIGS.resolve(config), Map.of());
        loaded = adjust.apply(loaded.toBuilder().engine(loaded.engine().withMaxIterations(5).withLanguage("python"))
                .build());
        var events = new CopyOnWriteArrayList<IterationEvent>();
        Path evaluatorFile = EXAMPLE.resolve("evaluator.py");
        try (var evaluator = Evaluators.forFile(evaluatorFile, loaded.evaluation());
             var controller = Controller.builder().config(loaded)
                     .initialProgram(Files.readString(EXAMPLE.resolve("initial_program.py")))
                     .evaluator(evaluator).evaluatorSource(evaluatorFile).languageModel(model)
                     .listener(new EvolutionListener() {
                         @Override
                         public void onIteration(IterationEvent event) {
                             events.add(event);
                         }
                     }).build()) {
            return new Run(model, events, controller.run());
        }
    }

    private static Run run(String config) throws IOException {
        return run(config, c -> c, new RecordingModel("NOVEL"));
    }

    @Test
    void anOpenEvolveTemplateFolderShapesEveryPrompt() throws IOException {
        Run run = run("template_dir.yaml");

        assertThat(run.result().iterations()).isEqualTo(5);
        assertThat(run.candidates()).isNotEmpty();
        assertThat(run.model().prompts).hasSize(5).allSatisfy(p -> {
            assertThat(p.system()).isEqualTo("You tune a numeric search routine in Python. Keep search_algorithm's "
                    + "signature and return a (x, value) pair.");
            assertThat(p.user()).contains("# Where the program stands", "- Feature dimensions: complexity, score",
                    "# History of this search", "## Earlier attempts", "```python\n\"\"\"Local search for the minimum")
                    .doesNotContainPattern("\\{[a-z_]+}");
        });
        assertThat(run.model().prompts).anySatisfy(p -> assertThat(p.user()).contains("### Search routine 1, score"))
                .anySatisfy(p -> assertThat(p.user()).containsPattern("- Fitness: 0\\.\\d{4}\n"));
    }

    @Test
    void changesDescriptionModeKeepsADescriptionPerProgramAndShowsItInsteadOfCode() throws IOException {
        Run run = run("changes_description.yaml");

        Prompt first = run.model().prompts.get(0);
        assertThat(first.system()).endsWith("Describe the program's approach in a few sentences.");
        assertThat(first.user()).contains("# Changes description of the current program")
                .contains("```text\nA random search over the interval.\n```");
        assertThat(run.candidates()).isNotEmpty().allSatisfy(c -> assertThat(
                c.artifacts().get(PromptSampler.CHANGES_DESCRIPTION)).startsWith("A random search over the interval.\n"
                + "- tried another constant ("));
        assertThat(run.model().prompts).anySatisfy(p -> assertThat(p.user())
                .contains("```text\nA random search over the interval.\n- tried another constant ("));
    }

    @Test
    void noveltyRejectsNearCopiesOfAnIslandsProgramsOffline() throws IOException {
        Run run = run("novelty_and_score.yaml");

        assertThat(run.candidates()).isNotEmpty();
        List<IterationEvent> rejected = run.events().stream().filter(e -> e.rejected().isPresent()).toList();
        assertThat(rejected).isNotEmpty().allSatisfy(e -> assertThat(e.rejection())
                .contains("was not added: its code is").contains("(novelty similarity_threshold 0.95)"));
        assertThat(run.model().judged).isEmpty();
        assertThat(run.model().prompts).anySatisfy(p -> assertThat(p.user()).contains("was not added: its code is"));
    }

    @Test
    void noveltyAsksTheConfiguredJudgeAboutNearCopies() throws IOException {
        var notNovel = run("novelty_and_score.yaml", c -> c.toBuilder().programs(c.programs().withNovelty(0.95,
                "judge-model")).build(), new RecordingModel("NOT_NOVEL\nOnly a constant changed."));
        assertThat(notNovel.model().judged).isNotEmpty().allSatisfy(p -> assertThat(p.user())
                .contains("Existing program:\n```python\n").contains("Proposed program:\n```python\n"));
        assertThat(notNovel.events()).anySatisfy(e -> assertThat(e.rejection())
                .contains("calls it not novel: NOT_NOVEL"));

        var novel = run("novelty_and_score.yaml", c -> c.toBuilder().programs(c.programs().withNovelty(0.95,
                "judge-model")).build(), new RecordingModel("NOVEL: the step schedule differs."));
        assertThat(novel.model().judged).isNotEmpty();
        assertThat(novel.events()).noneMatch(e -> e.rejected().isPresent());
    }
}
