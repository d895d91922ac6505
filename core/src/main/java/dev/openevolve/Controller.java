package dev.openevolve;

import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.evaluation.EvaluationExecutor;
import dev.openevolve.evaluation.EvaluationExecutorProvider;
import dev.openevolve.evaluation.EvaluatorPool;
import dev.openevolve.internal.llm.MutationModel;
import dev.openevolve.plugin.Models;
import dev.openevolve.plugin.Providers;
import dev.openevolve.plugin.Stores;
import dev.openevolve.internal.prompt.PromptSampler;
import dev.openevolve.spi.CodebaseContextProvider;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.Store;
import dev.openevolve.spi.Suggestion;
import dev.openevolve.spi.TokenUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evolution engine a host embeds: it evolves one program with a language model (or the offline
 * {@code mutation} model), scores candidates with an {@link Evaluator}, keeps the best and most
 * diverse in a MAP-Elites / island program database, and stores every evaluated program and a
 * checkpoint so that a run resumes where it stopped.
 *
 * <p>Build one with {@link #builder()}, call {@link #run()} (blocking) or
 * {@link #startEvolutionCycle(Map)} (background; answers {@code already_running} while a cycle is in
 * progress), then {@link #close()} it. Thread safe: at most one run or cycle executes at a time;
 * concurrent callers get {@code already_running} or an exception, never a second run.
 */
public final class Controller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Controller.class);
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** The most characters of codebase context a controller describes on its own. */
    public static final int CODEBASE_CONTEXT_CHARS = 4000;

    private final OpenEvolveConfig config;
    private final String runId;
    private final String initialCode;
    private final EvolutionRun run;
    private final EvaluationExecutor evaluators;
    private final LanguageModel model;
    private final Store store;
    private final List<AutoCloseable> owned;
    private final ExecutorService iterations;
    private final ExecutorService cycles;
    private final OptimizationAdvisor advisor;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean initialized;

    private Controller(Builder b) {
        this.config = b.config;
        this.runId = b.runId;
        this.initialCode = b.initialCode;
        this.owned = new ArrayList<>();
        // before anything is opened: a bad template leaks nothing
        var prompts = new PromptSampler(config.prompt(), config.programs().featureDimensions());
        ExecutorService iterationPool = null;
        ExecutorService cyclePool = null;
        try {
            this.evaluators = executor(b);
            owned.add(evaluators);
            if (b.model != null) {
                this.model = b.model;
            } else {
                this.model = Models.fromConfig(config.llm(), config.engine().diffBasedEvolution());
                owned.add(model);
            }
            if (b.store != null) {
                this.store = b.store;
            } else {
                this.store = Stores.open(config.database());
                owned.add(store);
            }
            var threads = new AtomicInteger();
            iterationPool = Executors.newFixedThreadPool(config.engine().parallelIterations(), r -> {
                var t = new Thread(r, "openevolve-iteration-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            cyclePool = Executors.newSingleThreadExecutor(r -> {
                var t = new Thread(r, "openevolve-cycle-" + runId);
                t.setDaemon(true);
                return t;
            });
            this.iterations = iterationPool;
            this.cycles = cyclePool;
            this.advisor = new OptimizationAdvisor(store, b.clock);
            var worker = new IterationWorker(model, evaluators, b.clock, config.engine().language(),
                    config.engine().diffBasedEvolution(), config.engine().maxCodeLength(),
                    config.prompt().programsAsChangesDescription() ? config.prompt().initialChangesDescription() : null);
            String codebaseContext = b.codebaseContext != null ? b.codebaseContext : describeCodebase(b.codebaseRoot);
            this.run = new EvolutionRun(runId, config, store.programs(), prompts, worker, evaluators, b.clock,
                    b.listeners, codebaseContext, noveltyFilter(b));
        } catch (RuntimeException | Error e) {
            if (iterationPool != null) {
                iterationPool.shutdownNow();
            }
            if (cyclePool != null) {
                cyclePool.shutdownNow();
            }
            closeOwned();
            throw e;
        }
    }

    /** The context of the tree under {@code root} by the preferred provider; empty without a root or on failure. */
    /**
     * Novelty rejection when configured; the judge is the host's model or the configured {@code novelty_llm} on the
     * first configured endpoint, and none offline (the offline model cannot judge).
     */
    private NoveltyFilter noveltyFilter(Builder b) {
        var programs = config.programs();
        if (!programs.noveltyEnabled()) {
            return null;
        }
        LanguageModel judge = null;
        if (!programs.noveltyLlm().isEmpty()) {
            if (b.model != null) {
                judge = b.model instanceof MutationModel ? null : b.model;
            } else {
                judge = Models.judge(config.llm(), programs.noveltyLlm()).orElse(null);
                if (judge != null) {
                    owned.add(judge);
                }
            }
        }
        return new NoveltyFilter(programs.noveltyThreshold(), judge);
    }

    private String describeCodebase(Path root) {
        if (root == null) {
            return "";
        }
        try {
            CodebaseContextProvider provider = Providers.preferredCodebaseContext();
            String text = provider.describe(root, CODEBASE_CONTEXT_CHARS);
            log.info("run '{}': codebase context of {} from provider '{}' ({} chars)", runId, root, provider.id(),
                    text.length());
            return text;
        } catch (RuntimeException e) {
            log.warn("run '{}': no codebase context for {}: {}", runId, root, e.toString());
            return "";
        }
    }

    /** The local pool, or the distributed executor that {@code evaluation.executor} names. */
    private static EvaluationExecutor executor(Builder b) {
        String id = b.config.evaluation().executor();
        if (id.equals("local")) {
            return new EvaluatorPool(b.evaluator, b.config.evaluation());
        }
        return Providers.find(EvaluationExecutorProvider.class, id, EvaluationExecutorProvider::id,
                Controller.class.getClassLoader()).create(new EvaluationExecutorProvider.Context(b.runId, b.config,
                b.evaluator, Optional.ofNullable(b.evaluatorSource)));
    }

    /** A builder; the initial program and the evaluator are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs until the run's iteration {@code max_iterations} or another stop condition; resumes from the
     * store when the run has a checkpoint there. Blocks the caller.
     *
     * @throws OpenEvolveException when a run or cycle is already in progress, the controller is closed, or
     *                             the initial program fails its evaluation
     */
    public RunResult run() {
        if (closed.get()) {
            throw new OpenEvolveException("run '" + runId + "': the controller is closed");
        }
        if (!running.compareAndSet(false, true)) {
            throw new OpenEvolveException("run '" + runId + "' is already running");
        }
        return runTo(config.engine().maxIterations());   // clears running before it releases the monitor
    }

    /**
     * Starts a cycle of {@code max_iterations} further iterations in the background (the seed's
     * {@code start_evolution_cycle}). Returns {@code already_running} without starting anything when a
     * run or cycle is in progress (and once the controller is closed). The {@code context} (for example the event that triggered the
     * cycle) is logged with it.
     */
    public CycleStart startEvolutionCycle(Map<String, String> context) {
        Objects.requireNonNull(context, "context");
        if (closed.get() || !running.compareAndSet(false, true)) {
            return CycleStart.alreadyRunning();
        }
        var result = new CompletableFuture<RunResult>();
        var copy = Map.copyOf(context);
        try {
            cycles.execute(() -> {
                RunResult done = null;
                Throwable failure = null;
                try {
                    log.info("run '{}': evolution cycle started, context {}", runId, copy);
                    done = runTo(-1);   // clears running before the future completes: a caller woken may start again
                } catch (Throwable t) {
                    failure = t;
                }
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(done);
                }
            });
        } catch (RuntimeException e) {
            running.set(false);
            return CycleStart.alreadyRunning();   // the controller was closed meanwhile
        }
        return CycleStart.started(result);
    }

    /**
     * Runs to {@code lastIteration}, or {@code max_iterations} past the last committed one when negative. Holds
     * the monitor for the whole run, so {@link #close()} waits for it.
     */
    private synchronized RunResult runTo(long lastIteration) {
        if (closed.get()) {
            running.set(false);
            throw new OpenEvolveException("run '" + runId + "': the controller is closed");
        }
        try {
            ensureInitialized();
            cancelled.set(false);
            long last = lastIteration >= 0 ? lastIteration : run.committed() + config.engine().maxIterations();
            return run.runUntil(last, iterations, () -> cancelled.get() || closed.get());
        } finally {
            running.set(false);   // still holding the monitor: close() and callers woken by a result see it cleared
        }
    }

    private void ensureInitialized() {
        if (!initialized) {
            run.initialize(initialCode, config.engine().language());
            initialized = true;
        }
    }

    /**
     * Learns patterns from the last 24 hours of sampled metrics in the store and returns the
     * optimisation suggestions whose confidence exceeds 0.8, best first (the seed's
     * {@code get_optimization_suggestions}). Patterns and all suggestions are stored as well.
     * Safe to call while a run is in progress.
     */
    public List<Suggestion> getOptimizationSuggestions() {
        return advisor.optimizationSuggestions();
    }

    /** Whether a run or cycle is in progress. */
    public boolean isRunning() {
        return running.get();
    }

    /** Asks the current run or cycle to stop after the iterations in flight; returns at once. */
    public void cancel() {
        cancelled.set(true);
    }

    /** The run's id. */
    public String runId() {
        return runId;
    }

    /**
     * The best program as of the last committed iteration; empty before the initial program was evaluated.
     * Never waits for a run in progress.
     */
    public Optional<Program> best() {
        return run.publishedBest();
    }

    /** Every program of the run in the store, by iteration. */
    public List<Program> programs() {
        return run.programs();
    }

    /** Tokens consumed by the run's model calls, as of the last committed iteration. Never waits for a run. */
    public TokenUsage tokenUsage() {
        return run.publishedTokens();
    }

    /** What the run's model calls cost, in US dollars, as of the last committed iteration. Never waits for a run. */
    public double costUsd() {
        return run.publishedCostUsd();
    }

    /** The configuration in force. */
    public OpenEvolveConfig config() {
        return config;
    }

    /**
     * Stops the run or cycle in progress (on any thread) after the iterations in flight, which are committed and
     * stored, waits for it to end, and closes what this controller created (never what the host passed). A
     * {@link #run()} in progress returns its result with reason {@code CANCELLED}. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        cancel();
        synchronized (this) {   // waits for a run in progress: runTo holds this monitor
            log.debug("run '{}': closing", runId);
        }
        cycles.shutdown();
        try {
            if (!cycles.awaitTermination(config.evaluation().timeout().toSeconds() * 2 + 30, TimeUnit.SECONDS)) {
                log.warn("run '{}': a cycle did not stop in time", runId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        iterations.shutdown();
        try {
            if (!iterations.awaitTermination(config.evaluation().timeout().toSeconds() * 2 + 30, TimeUnit.SECONDS)) {
                iterations.shutdownNow();
            }
        } catch (InterruptedException e) {
            iterations.shutdownNow();
            Thread.currentThread().interrupt();
        }
        closeOwned();
    }

    private void closeOwned() {
        for (var resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("run '{}': closing {} failed", runId, resource.getClass().getSimpleName(), e);
            }
        }
    }

    /** Builds a {@link Controller}. Not thread safe. */
    public static final class Builder {
        private OpenEvolveConfig config = OpenEvolveConfig.defaults();
        private String runId = "default";
        private String initialCode;
        private Evaluator evaluator;
        private Path evaluatorSource;
        private LanguageModel model;
        private Store store;
        private Clock clock = Clock.systemUTC();
        private String codebaseContext;
        private Path codebaseRoot;
        private boolean codebaseRootIsDefault;
        private final List<EvolutionListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** The configuration; defaults to {@link OpenEvolveConfig#defaults()}. Must be valid. */
        public Builder config(OpenEvolveConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The run's id (letters, digits, {@code . _ -}, up to 64); a run is resumed by its id. Default {@code default}. */
        public Builder runId(String runId) {
            Objects.requireNonNull(runId, "runId");
            if (!RUN_ID.matcher(runId).matches()) {
                throw new IllegalArgumentException("runId must be 1-64 letters, digits, '.', '_' or '-' but was '"
                        + runId + "'");
            }
            this.runId = runId;
            return this;
        }

        /** The source of the program to evolve. */
        public Builder initialProgram(String code) {
            Objects.requireNonNull(code, "code");
            if (code.isBlank()) {
                throw new IllegalArgumentException("the initial program must not be blank");
            }
            this.initialCode = code;
            return this;
        }

        /**
         * The program to evolve, read from {@code file} (UTF-8). Unless {@link #codebaseRoot} or
         * {@link #codebaseContext} says otherwise, the file's directory is described to the model as codebase
         * context.
         */
        public Builder initialProgram(Path file) {
            Objects.requireNonNull(file, "file");
            try {
                Path directory = file.toAbsolutePath().getParent();
                if (codebaseRoot == null || codebaseRootIsDefault) {
                    codebaseRoot = directory;
                    codebaseRootIsDefault = true;
                }
                return initialProgram(Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the initial program " + file + ": " + e.getMessage(), e);
            }
        }

        /** Scores candidates; required. The controller does not close it. */
        public Builder evaluator(Evaluator evaluator) {
            this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
            return this;
        }

        /**
         * The file {@link #evaluator(Evaluator)} was built from. A distributed {@code evaluation.executor} refuses
         * workers whose copy of it differs; the local pool does not need it.
         */
        public Builder evaluatorSource(Path file) {
            this.evaluatorSource = Objects.requireNonNull(file, "file");
            return this;
        }

        /** The model to use instead of the configured one. The controller does not close it. */
        public Builder languageModel(LanguageModel model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** The store to use instead of the configured one. The controller does not close it. */
        public Builder store(Store store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The clock stamping programs and checkpoints; defaults to the UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Text about the host's code base shown to the model, instead of a description of {@link #codebaseRoot};
         * {@code ""} shows none.
         */
        public Builder codebaseContext(String context) {
            this.codebaseContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * The source tree described to the model (in at most {@value Controller#CODEBASE_CONTEXT_CHARS} characters) by the
         * preferred {@code CodebaseContextProvider}: {@code treesitter} when the {@code openevolve-codegraph}
         * module is on the class path, else the built-in {@code source-tree} scan. Defaults to the directory of
         * an initial program given as a file; a tree that cannot be described gives no context and a warning.
         */
        public Builder codebaseRoot(Path root) {
            this.codebaseRoot = Objects.requireNonNull(root, "root");
            this.codebaseRootIsDefault = false;
            return this;
        }

        /** Adds a progress listener. */
        public Builder listener(EvolutionListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the controller: opens the configured store and model unless given.
         *
         * @throws IllegalStateException when the initial program or the evaluator is missing
         * @throws dev.openevolve.config.ConfigException when the configuration is invalid
         */
        public Controller build() {
            if (initialCode == null) {
                throw new IllegalStateException("the initial program is required: call initialProgram(...)");
            }
            if (evaluator == null) {
                throw new IllegalStateException("an evaluator is required: call evaluator(...)");
            }
            var problems = config.validate();
            if (!problems.isEmpty()) {
                throw new dev.openevolve.config.ConfigException("the controller's configuration", problems);
            }
            return new Controller(this);
        }
    }
}
