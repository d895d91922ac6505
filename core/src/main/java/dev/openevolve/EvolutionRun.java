package dev.openevolve;

import dev.openevolve.internal.SplitMix;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.internal.database.ParentSelection;
import dev.openevolve.internal.database.ProgramDatabase;
import dev.openevolve.evaluation.EvaluationExecutor;
import dev.openevolve.internal.prompt.PromptRequest;
import dev.openevolve.internal.prompt.PromptSampler;
import dev.openevolve.spi.Candidate;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.ProgramStore;
import dev.openevolve.spi.Prompt;
import dev.openevolve.spi.RunCheckpoint;
import dev.openevolve.spi.StoreException;
import dev.openevolve.spi.TokenUsage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One evolution run's mutable state and its coordinating loop. Iterations are planned (parent and
 * prompt chosen) and committed on the calling thread strictly in iteration order, while up to
 * {@code parallel_iterations} of them generate and evaluate concurrently; iteration {@code i} is
 * planned right after iteration {@code i - window} is committed. So the run depends only on the seed,
 * never on thread timing. Not thread safe: the controller lets one thread drive it at a time.
 */
final class EvolutionRun {
    private static final Logger log = LoggerFactory.getLogger(EvolutionRun.class);
    private static final int STORE_ATTEMPTS = 3;

    private final String runId;
    private final OpenEvolveConfig config;
    private final ProgramStore store;
    private final PromptSampler prompts;
    private final IterationWorker worker;
    private final EvaluationExecutor evaluators;
    private final Clock clock;
    private final List<EvolutionListener> listeners;
    private final String codebaseContext;
    /** Novelty rejection, or {@code null} when it is off. */
    private final NoveltyFilter novelty;

    private ProgramDatabase database;
    private Program initial;
    private Program best;
    private long committed;
    private long lastImprovement;
    private int consecutiveModelFailures;
    private TokenUsage tokens = TokenUsage.NONE;
    private double costUsd;
    private List<List<String>> pendingProblems;
    /** Candidates stored after the checkpoint a resumed run started from, by iteration; reused when planned again. */
    private final Map<Long, Program> recovered = new HashMap<>();
    /** Iterations planned and not yet committed, by iteration; a checkpoint stores them. */
    private final Map<Long, PlannedIteration> planned = new java.util.TreeMap<>();
    /** Plans a resumed run takes from its checkpoint instead of planning again. */
    private final Map<Long, PlannedIteration> restoredPlans = new HashMap<>();
    private volatile Published published = new Published(null, TokenUsage.NONE, 0);

    EvolutionRun(String runId, OpenEvolveConfig config, ProgramStore store, PromptSampler prompts,
                 IterationWorker worker, EvaluationExecutor evaluators, Clock clock, List<EvolutionListener> listeners,
                 String codebaseContext, NoveltyFilter novelty) {
        this.runId = runId;
        this.config = config;
        this.store = store;
        this.prompts = prompts;
        this.worker = worker;
        this.evaluators = evaluators;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
        this.codebaseContext = codebaseContext;
        this.novelty = novelty;
    }

    /**
     * Resumes the run from the store if it has one, or evaluates the initial program.
     *
     * @throws OpenEvolveException when the stored run started from another initial program
     */
    void initialize(String initialCode, String language) {
        var checkpoint = store.latestCheckpoint(runId);
        if (checkpoint.isPresent()) {
            resume(checkpoint.get(), initialCode);
            return;
        }
        EvaluationResult result = evaluators.evaluate(new Candidate(ProgramIds.forIteration(0), initialCode, language));
        if (!result.succeeded()) {
            var failed = new Program(ProgramIds.forIteration(0), initialCode, language, null, 0, 0, 0, Map.of(),
                    FailedEvaluations.artifactsOf(result), "", clock.instant());
            throw new OpenEvolveException("the initial program cannot be evolved because its evaluation failed: "
                    + FailedEvaluations.describe(failed));
        }
        initial = new Program(ProgramIds.forIteration(0), initialCode, language, null, 0, 0, 0, result.metrics(),
                result.artifacts(), "", clock.instant());
        database = new ProgramDatabase(config.programs());
        database.add(initial);
        best = initial;
        pendingProblems = emptyProblems();
        save(initial);
        checkpoint();
        publish();
        log.info("run '{}': initial program scores {}", runId, format(initial.fitness()));
    }

    private void resume(RunCheckpoint checkpoint, String initialCode) {
        initial = store.find(runId, ProgramIds.forIteration(0)).orElseThrow(() -> new OpenEvolveException(
                "run '" + runId + "' has a checkpoint but its initial program p0 is missing from the store"));
        if (!initial.code().equals(initialCode)) {
            throw new OpenEvolveException("run '" + runId + "' cannot be resumed with this initial program: the"
                    + " store holds run '" + runId + "' started from " + RunIds.describe(initial.code())
                    + ", but the initial program given is " + RunIds.describe(initialCode)
                    + "; use another run id for another problem (for example RunIds.derive(program, evaluator))");
        }
        RunState state = RunState.fromJson(runId, checkpoint.state());
        database = ProgramDatabase.restore(config.programs(), state.database(), id -> store.find(runId, id));
        committed = state.iteration();
        lastImprovement = state.lastImprovement();
        consecutiveModelFailures = state.consecutiveModelFailures();
        tokens = state.tokens();
        costUsd = state.costUsd();
        pendingProblems = new ArrayList<>(state.pendingProblems());
        while (pendingProblems.size() < config.programs().numIslands()) {
            pendingProblems.add(List.of());
        }
        best = database.best().orElse(initial);
        restoredPlans.clear();
        for (RunState.Plan p : state.inFlight()) {
            Program parent = store.find(runId, p.parentId()).orElseThrow(() -> new OpenEvolveException("run '"
                    + runId + "': the checkpoint of iteration " + committed + " plans iteration " + p.iteration()
                    + " from program " + p.parentId() + ", which is missing from the store"));
            restoredPlans.put(p.iteration(), new PlannedIteration(p.iteration(), p.island(), parent,
                    new Prompt(p.system(), p.user(), p.currentProgram(), p.seed())));
        }
        recovered.clear();
        for (Program p : store.list(runId)) {
            long iteration = ProgramIds.iterationOf(p.id());
            if (iteration > committed) {
                recovered.put(iteration, p);
            }
        }
        publish();
        log.info("run '{}': resumed at iteration {}; {} candidate(s) evaluated after that checkpoint are reused,"
                + " every other iteration after it is done again; best {}", runId, committed, recovered.size(),
                format(best.fitness()));
    }

    /**
     * Runs iterations until {@code lastIteration}, a stop condition, or {@code cancelled}; in-flight
     * iterations are always committed so nothing evaluated is lost.
     */
    RunResult runUntil(long lastIteration, ExecutorService executor, BooleanSupplier cancelled) {
        long started = System.nanoTime();
        long firstIteration = committed + 1;
        int window = config.engine().parallelIterations();
        var inFlight = new ArrayDeque<CompletableFuture<Attempt>>();
        long next = committed + 1;
        StopReason stop = null;
        String detail = "";
        while (inFlight.size() < window && next <= lastIteration) {
            inFlight.add(submit(next++, executor));
        }
        while (!inFlight.isEmpty()) {
            Attempt attempt = awaitInOrder(inFlight.poll());
            Committed committedAttempt = commit(attempt);
            notifyIteration(attempt, committedAttempt, firstIteration, started);
            if (stop == null) {
                var reason = stopReason(cancelled);
                if (reason != null) {
                    stop = reason;
                    detail = explain(reason);
                }
            }
            if (stop == null && next <= lastIteration) {
                inFlight.add(submit(next++, executor));
            }
        }
        checkpoint();
        if (stop == null) {
            stop = StopReason.MAX_ITERATIONS;
            detail = "completed iteration " + committed + " of " + lastIteration;
        }
        var result = new RunResult(runId, initial, best, committed, stop, detail, tokens, costUsd,
                Duration.ofNanos(System.nanoTime() - started));
        for (var listener : listeners) {
            safely(() -> listener.onFinished(result));
        }
        return result;
    }

    private static Attempt awaitInOrder(CompletableFuture<Attempt> next) {
        try {
            return next.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private CompletableFuture<Attempt> submit(long iteration, ExecutorService executor) {
        PlannedIteration restored = restoredPlans.remove(iteration);
        PlannedIteration plan = restored != null ? restored : plan(iteration);
        planned.put(iteration, plan);
        Program stored = recovered.remove(iteration);
        if (stored != null) {   // evaluated before a crash: commit it again instead of evaluating again
            List<String> problems = FailedEvaluations.failed(stored) ? List.of(FailedEvaluations.describe(stored)) : List.of();
            return CompletableFuture.completedFuture(new Attempt(iteration, plan.island(), stored, null, null,
                    problems));
        }
        return CompletableFuture.supplyAsync(() -> {
            Attempt attempt = worker.attempt(plan);
            if (attempt.evaluated()) {
                save(attempt.candidate());   // at once: an evaluation survives a crash before its commit
            }
            return attempt;
        }, executor);
    }

    private PlannedIteration plan(long iteration) {
        int island = islandOf(iteration);
        var random = new SplittableRandom(mix(config.engine().randomSeed(), iteration));
        ParentSelection selection = database.sample(island, random);
        Program parent = selection.parent();
        List<Program> top = database.top(config.prompt().numTopPrograms() + 1).stream()
                .filter(p -> !p.id().equals(parent.id()))
                .limit(config.prompt().numTopPrograms())
                .toList();
        List<Program> inspirations = selection.inspirations().stream()
                .limit(config.prompt().numDiversePrograms())
                .toList();
        List<String> problems = pendingProblems.get(island);
        pendingProblems.set(island, List.of());
        var request = new PromptRequest(parent, top, inspirations, problems, config.engine().language(), iteration,
                config.engine().diffBasedEvolution(), random.nextLong(), codebaseContext);
        return new PlannedIteration(iteration, island, parent, prompts.build(request));
    }

    /** What committing an attempt did: whether it became the best, and why its candidate was not added ("" if it was). */
    private record Committed(boolean improved, String rejection) {
    }

    private Committed commit(Attempt attempt) {
        planned.remove(attempt.iteration());
        if (attempt.completion() != null) {
            tokens = tokens.plus(attempt.completion().usage());
            costUsd += attempt.completion().costUsd();
        }
        consecutiveModelFailures = attempt.modelFailed() ? consecutiveModelFailures + 1 : 0;
        boolean improved = false;
        String rejection = "";
        if (attempt.evaluated()) {
            Program candidate = attempt.candidate();
            if (!FailedEvaluations.failed(candidate)) {
                rejection = noveltyRejection(candidate);
            }
            if (!FailedEvaluations.failed(candidate) && rejection.isEmpty()) {
                database.add(candidate);
                if (candidate.fitness() > best.fitness()) {
                    best = candidate;
                    lastImprovement = attempt.iteration();
                    improved = true;
                }
            }
        }
        List<String> problems = attempt.problems();
        if (!rejection.isEmpty()) {
            problems = new ArrayList<>(problems);
            problems.add(rejection);
        }
        if (!problems.isEmpty()) {
            pendingProblems.set(attempt.island(), List.copyOf(problems));
        }
        finishIsland(attempt.island());
        committed = attempt.iteration();
        if (committed % config.engine().checkpointInterval() == 0) {
            checkpoint();
        }
        publish();
        if (!attempt.evaluated()) {
            log.info("run '{}': iteration {} produced no candidate: {}", runId, attempt.iteration(),
                    attempt.problems().isEmpty() ? "no reason given" : String.join("; ", attempt.problems()));
        } else if (!rejection.isEmpty()) {
            log.info("run '{}': {}", runId, rejection);
        }
        return new Committed(improved, rejection);
    }

    /** Why novelty rejection keeps {@code candidate} out of the database; "" when it is novel or the check is off. */
    private String noveltyRejection(Program candidate) {
        if (novelty == null) {
            return "";
        }
        int island = candidate.island();
        var verdict = novelty.check(candidate, database.top(island, database.islandSize(island)),
                mix(config.engine().randomSeed() ^ 0x6E6F76656C7479L, candidate.iteration()));
        tokens = tokens.plus(verdict.usage());
        costUsd += verdict.costUsd();
        return verdict.rejected().orElse("");
    }

    private void finishIsland(int island) {
        database.recordIslandIteration(island);
        if (database.migrationDue()) {
            List<Program> migrants = database.migrate();
            migrants.forEach(this::save);
            if (!migrants.isEmpty()) {
                log.debug("run '{}': migrated {} program(s) after iteration {}", runId, migrants.size(), committed);
            }
        }
    }

    private StopReason stopReason(BooleanSupplier cancelled) {
        var engine = config.engine();
        var llm = config.llm();
        if (cancelled.getAsBoolean()) {
            return StopReason.CANCELLED;
        }
        if (!Double.isNaN(engine.targetScore()) && best.fitness() >= engine.targetScore()) {
            return StopReason.TARGET_SCORE;
        }
        if (engine.earlyStoppingPatience() > 0 && committed - lastImprovement >= engine.earlyStoppingPatience()) {
            return StopReason.PATIENCE;
        }
        if ((llm.maxCostUsd() > 0 && costUsd >= llm.maxCostUsd())
                || (llm.maxTotalTokens() > 0 && tokens.total() >= llm.maxTotalTokens())) {
            return StopReason.SPENDING_CAP;
        }
        if (consecutiveModelFailures >= llm.maxConsecutiveFailures()) {
            return StopReason.MODEL_FAILURES;
        }
        return null;
    }

    private String explain(StopReason reason) {
        var engine = config.engine();
        var llm = config.llm();
        return switch (reason) {
            case CANCELLED -> "cancelled by the host after iteration " + committed;
            case TARGET_SCORE -> "best fitness " + format(best.fitness()) + " reached target_score "
                    + format(engine.targetScore());
            case PATIENCE -> "no improvement for " + (committed - lastImprovement)
                    + " iterations (early_stopping_patience " + engine.earlyStoppingPatience() + ")";
            case SPENDING_CAP -> String.format(java.util.Locale.ROOT,
                    "spending cap reached: %d tokens (cap %s), $%.4f (cap %s)", tokens.total(),
                    llm.maxTotalTokens() > 0 ? String.valueOf(llm.maxTotalTokens()) : "none", costUsd,
                    llm.maxCostUsd() > 0 ? String.valueOf(llm.maxCostUsd()) : "none");
            case MODEL_FAILURES -> consecutiveModelFailures + " model calls in a row failed"
                    + " (llm.max_consecutive_failures " + llm.maxConsecutiveFailures() + "); last: "
                    + String.join("; ", pendingProblems.get(islandOf(committed)));
            case MAX_ITERATIONS -> "completed iteration " + committed;
        };
    }

    private void notifyIteration(Attempt attempt, Committed committedAttempt, long firstIteration,
                                 long startedNanos) {
        double seconds = Math.max(1e-9, (System.nanoTime() - startedNanos) / 1e9);
        var problems = new ArrayList<>(attempt.problems());
        if (!committedAttempt.rejection().isEmpty()) {
            problems.add(committedAttempt.rejection());
        }
        var event = new IterationEvent(runId, attempt.iteration(), attempt.island(), attempt.candidate(),
                committedAttempt.improved(), best.fitness(), best.id(), problems,
                (attempt.iteration() - firstIteration + 1) / seconds, committedAttempt.rejection());
        for (var listener : listeners) {
            safely(() -> listener.onIteration(event));
        }
    }

    private void checkpoint() {
        var inFlight = planned.values().stream().map(p -> new RunState.Plan(p.iteration(), p.island(),
                p.parent().id(), p.prompt().system(), p.prompt().user(), p.prompt().currentProgram(),
                p.prompt().seed())).toList();
        var state = new RunState(committed, database.snapshot(), tokens.promptTokens(), tokens.completionTokens(),
                costUsd, lastImprovement, consecutiveModelFailures, pendingProblems, inFlight);
        var checkpoint = new RunCheckpoint(runId, committed, state.toJson(), clock.instant());
        withRetries("checkpoint of iteration " + committed, () -> store.saveCheckpoint(checkpoint));
        for (var listener : listeners) {
            safely(() -> listener.onCheckpoint(checkpoint));
        }
    }

    private void save(Program program) {
        withRetries("program " + program.id(), () -> store.save(runId, program));
    }

    /** Store writes are retried, then surfaced: an evaluated program is never dropped silently. */
    private void withRetries(String what, Runnable write) {
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (StoreException e) {
                if (attempt >= STORE_ATTEMPTS) {
                    throw new StoreException("run '" + runId + "': could not store " + what + " after "
                            + STORE_ATTEMPTS + " attempts: " + e.getMessage(), e);
                }
                log.warn("run '{}': storing {} failed (attempt {} of {}), retrying: {}", runId, what, attempt,
                        STORE_ATTEMPTS, e.getMessage());
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while storing " + what, e);
                }
            }
        }
    }

    private void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("run '{}': an evolution listener threw; the run goes on", runId, e);
        }
    }

    private int islandOf(long iteration) {
        return (int) (iteration % config.programs().numIslands());
    }

    private List<List<String>> emptyProblems() {
        var problems = new ArrayList<List<String>>();
        for (int i = 0; i < config.programs().numIslands(); i++) {
            problems.add(List.of());
        }
        return problems;
    }

    /** SplitMix64 finaliser: independent, reproducible streams per iteration. */
    static long mix(long seed, long iteration) {
        return SplitMix.mix(seed + iteration * SplitMix.GAMMA);
    }

    static String format(double value) {
        return String.format(java.util.Locale.ROOT, "%.6f", value);
    }

    /** Makes best program, tokens and cost visible to other threads; called on the driving thread after each commit. */
    private void publish() {
        published = new Published(best, tokens, costUsd);
    }

    /** The best program so far (empty before initialization), safe to read from any thread. */
    java.util.Optional<Program> publishedBest() {
        return java.util.Optional.ofNullable(published.best());
    }

    /** Tokens so far, safe to read from any thread. */
    TokenUsage publishedTokens() {
        return published.tokens();
    }

    /** Cost so far, safe to read from any thread. */
    double publishedCostUsd() {
        return published.costUsd();
    }

    private record Published(Program best, TokenUsage tokens, double costUsd) {
    }

    Program best() {
        return best;
    }

    Program initial() {
        return initial;
    }

    long committed() {
        return committed;
    }

    TokenUsage tokens() {
        return tokens;
    }

    double costUsd() {
        return costUsd;
    }

    List<Program> programs() {
        return store.list(runId);
    }
}
