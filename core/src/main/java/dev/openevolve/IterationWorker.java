package dev.openevolve;

import dev.openevolve.internal.diff.DiffResult;
import dev.openevolve.internal.diff.Diffs;
import dev.openevolve.internal.diff.SearchReplace;
import dev.openevolve.evaluation.EvaluationExecutor;
import dev.openevolve.internal.llm.MutationModel;
import dev.openevolve.internal.prompt.PromptSampler;
import dev.openevolve.spi.Candidate;
import dev.openevolve.spi.Completion;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.Program;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a planned iteration into an attempt: asks the model, applies its diff or rewrite inside
 * the EVOLVE blocks, and evaluates the candidate. Thread safe; runs on the iteration executor.
 */
final class IterationWorker {
    private final LanguageModel model;
    private final EvaluationExecutor evaluators;
    private final Clock clock;
    private final String language;
    private final boolean diffMode;
    private final int maxCodeLength;
    /** The initial program's changes description in changes-description mode; {@code null} when the mode is off. */
    private final String initialDescription;

    IterationWorker(LanguageModel model, EvaluationExecutor evaluators, Clock clock, String language, boolean diffMode,
                    int maxCodeLength, String initialDescription) {
        this.model = model;
        this.evaluators = evaluators;
        this.clock = clock;
        this.language = language;
        this.diffMode = diffMode;
        this.maxCodeLength = maxCodeLength;
        this.initialDescription = initialDescription;
    }

    Attempt attempt(PlannedIteration plan) {
        Completion completion;
        try {
            completion = model.complete(plan.prompt());
        } catch (RuntimeException e) {
            return Attempt.modelFailure(plan.iteration(), plan.island(), String.valueOf(e.getMessage()));
        }
        var problems = new ArrayList<String>();
        if (completion.truncated()) {
            problems.add("the model's answer was cut at the token limit (finish reason: length)");
        }
        Program parent = plan.parent();
        Optional<Change> change = diffMode ? fromDiff(parent, completion.text(), problems)
                : fromRewrite(parent, completion.text(), problems);
        if (change.isEmpty()) {
            return new Attempt(plan.iteration(), plan.island(), null, completion, null, problems);
        }
        String code = change.get().code();
        String id = ProgramIds.forIteration(plan.iteration());
        EvaluationResult result = evaluators.evaluate(new Candidate(id, code, language));
        var artifacts = FailedEvaluations.artifactsOf(result);
        if (change.get().description() != null) {
            artifacts.put(PromptSampler.CHANGES_DESCRIPTION, change.get().description());
        }
        var candidate = new Program(id, code, language, parent.id(), parent.generation() + 1, plan.iteration(),
                plan.island(), result.metrics(), artifacts, change.get().summary(), clock.instant());
        if (!result.succeeded()) {
            problems.add(FailedEvaluations.describe(candidate));
        }
        return new Attempt(plan.iteration(), plan.island(), candidate, completion, null, problems);
    }

    private Optional<Change> fromDiff(Program parent, String answer, List<String> problems) {
        List<SearchReplace> blocks = Diffs.parse(answer);
        if (blocks.isEmpty()) {
            problems.add("the answer held no SEARCH/REPLACE block: " + Text.head(Text.firstLine(answer), 200));
            return Optional.empty();
        }
        if (initialDescription != null) {
            return DescribedDiff.apply(parent.code(), PromptSampler.changesDescriptionOf(parent, initialDescription),
                            blocks, model instanceof MutationModel, problems)
                    .flatMap(d -> accept(parent, d.code(), summarize(d.codeBlocks(), d.applied()), problems)
                            .map(c -> new Change(c.code(), c.summary(), d.description())));
        }
        DiffResult applied = Diffs.apply(parent.code(), blocks);
        problems.addAll(applied.problems());
        if (!applied.changed()) {
            return Optional.empty();
        }
        return accept(parent, applied.code(), summarize(blocks, applied.applied()), problems);
    }

    private Optional<Change> fromRewrite(Program parent, String answer, List<String> problems) {
        Optional<String> rewrite = Diffs.extractRewrite(answer, language);
        if (rewrite.isEmpty()) {
            problems.add("the answer held no " + language + " code block to use as a rewrite");
            return Optional.empty();
        }
        List<String> outside = Diffs.checkRewrite(parent.code(), rewrite.get());
        if (!outside.isEmpty()) {
            problems.addAll(outside);
            return Optional.empty();
        }
        return accept(parent, rewrite.get(), "full rewrite", problems);
    }

    private Optional<Change> accept(Program parent, String code, String summary, List<String> problems) {
        if (code.length() > maxCodeLength) {
            problems.add("the candidate has " + code.length() + " characters, more than max_code_length "
                    + maxCodeLength);
            return Optional.empty();
        }
        if (code.equals(parent.code())) {
            problems.add("the change left the program identical to its parent");
            return Optional.empty();
        }
        return Optional.of(new Change(code, summary, null));
    }

    private static String summarize(List<SearchReplace> blocks, int applied) {
        if (blocks.isEmpty()) {
            return "changed only the changes description";
        }
        SearchReplace first = blocks.get(0);
        return Text.head("applied " + applied + " of " + blocks.size() + " change(s); first: "
                + Text.firstLine(first.search()) + " -> " + Text.firstLine(first.replace()), 300);
    }

    /** A candidate's code, the summary of its change and its changes description ({@code null} outside that mode). */
    private record Change(String code, String summary, String description) {
    }
}
