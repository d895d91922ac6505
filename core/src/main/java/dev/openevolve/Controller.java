package dev.openevolve;

import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.evaluation.EvaluationExecutor;
import dev.openevolve.evaluation.EvaluationExecutorProvider;
import dev.openevolve.evaluation.EvaluatorPool;
import dev.openevolve.plugin.Providers;
import dev.openevolve.prompt.PromptSampler;
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
        try {
            this.evaluators = executor(b);
            owned.add(evaluators);
            if (b.model != null) {
                this.model = b.model;
            } else {
                this.model = Models.fromConfig(config.llm());
                owned.add(model);
            }
            if (b.store != null) {
                this.store = b.store;
            } else {
                this.store = Stores.open(config.database());
                owned.add(store);
            }
        } catch (RuntimeException e) {
            closeOwned();
            throw e;
        }
        var threads = new AtomicInteger();
        this.iterations = Executors.newFixedThreadPool(config.engine().parallelIterations(), r -> {
            var t = new Thread(r, "openevolve-iteration-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.cycles = Executors.newSingleThreadExecutor(r -> {
            var t = new Thread(r, "openevolve-cycle-" + runId);
            t.setDaemon(true);
            return t;
        });
        this.advisor = new OptimizationAdvisor(store, b.clock);
        var worker = new IterationWorker(model, evaluators, b.clock, config.engine().language(),
                config.engine().diffBasedEvolution(), config.engine().maxCodeLength());
        this.run = new EvolutionRun(runId, config, store.programs(), new PromptSampler(config.prompt()), worker,
                evaluators, b.clock, b.listeners, b.codebaseContext);
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
        try {
            return runTo(config.engine().maxIterations());
        } finally {
            running.set(false);
        }
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
        try {
            cycles.execute(() -> {
                try {
                    log.info("run '{}': evolution cycle started, context {}", runId, Map.copyOf(context));
                    result.complete(runTo(nextCycleEnd()));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                } finally {
                    running.set(false);
                }
            });
        } catch (RuntimeException e) {
            running.set(false);
            throw e;
        }
        return new CycleStart(CycleStart.STARTED, result);
    }

    private synchronized long nextCycleEnd() {
        ensureInitialized();
        return run.committed() + config.engine().maxIterations();
    }

    private synchronized RunResult runTo(long lastIteration) {
        ensureInitialized();
        cancelled.set(false);
        return run.runUntil(lastIteration, iterations, cancelled::get);
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

    /** The best program so far; empty before the initial program was evaluated. */
    public synchronized Optional<Program> best() {
        return initialized ? Optional.of(run.best()) : Optional.empty();
    }

    /** Every program of the run in the store, by iteration. */
    public List<Program> programs() {
        return run.programs();
    }

    /** Tokens consumed by the run's model calls. */
    public synchronized TokenUsage tokenUsage() {
        return run.tokens();
    }

    /** What the run's model calls cost, in US dollars. */
    public synchronized double costUsd() {
        return run.costUsd();
    }

    /** The configuration in force. */
    public OpenEvolveConfig config() {
        return config;
    }

    /** Cancels, waits for the run in flight, and closes what this controller created (never what the host passed). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        cancel();
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
        private String codebaseContext = "";
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

        /** The program to evolve, read from {@code file} (UTF-8). */
        public Builder initialProgram(Path file) {
            Objects.requireNonNull(file, "file");
            try {
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

        /** Text about the host's code base shown to the model (for example from a {@code CodebaseContextProvider}). */
        public Builder codebaseContext(String context) {
            this.codebaseContext = Objects.requireNonNull(context, "context");
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
