package dev.openevolve.loop;

import dev.openevolve.Controller;
import dev.openevolve.RunResult;
import dev.openevolve.analysis.AnalysisSettings;
import dev.openevolve.analysis.PatternAnalyzer;
import dev.openevolve.config.PerformanceConfig;
import dev.openevolve.metrics.MetricsSampler;
import dev.openevolve.spi.ConfigVersion;
import dev.openevolve.spi.FeatureFlag;
import dev.openevolve.spi.LoopEvent;
import dev.openevolve.spi.MetricsStore;
import dev.openevolve.spi.PerformancePattern;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.ProcessSnapshot;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.SampleBatch;
import dev.openevolve.spi.Store;
import dev.openevolve.spi.Suggestion;
import dev.openevolve.spi.SuggestionDecision;
import dev.openevolve.spi.SuggestionStatus;
import dev.openevolve.suggest.ImprovementEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The continuous-learning loop inside a host: samples flow in, are analysed into suggestions, hot spots are
 * evolved, suggestions are decided on, deployed through the host, validated against their baseline and rolled
 * back automatically when they make things worse. Built from a {@link Store} and {@link LoopSettings}; usable by
 * a host that only records metrics and asks for suggestions, with no evolution run at all.
 *
 * <p><b>Phases and flags.</b> What the loop does is gated by the {@link Phase} of its settings (analysis from
 * phase 2, evolution and deployment from phase 3, automatic approval of its own improvements in phase 4) and by
 * a {@link Feature} flag per part, stored and switchable at run time. A request for a part that is off throws a
 * {@link LoopException} saying which phase or flag is in the way.
 *
 * <p><b>Suggestions.</b> Each step of a suggestion's life (pending → approved/rejected → deployed →
 * validated/rolled back) is stored with who took it, when, why and on what evidence; a step the current status
 * does not allow throws {@link IllegalTransitionException}. Suggestions that carry code (evolved or
 * {@linkplain #propose proposed}) have ids of the form {@code <run>/<program>} and their code is in the store's
 * programs under that run ({@link #program}).
 *
 * <p><b>Events.</b> {@link #codebaseAnalysisComplete}, {@link #ciPipelineComplete} and
 * {@link #deploymentComplete} queue an event and return at once; one background thread handles them in order.
 * The queue is bounded: a full queue refuses the event (the method returns false), counts it and records the
 * count in the event log. Every event and every state change is appended to the store's event log
 * ({@link #events}).
 *
 * <p><b>Samples.</b> With {@link Builder#sampling(PerformanceConfig)} the loop owns a {@link MetricsSampler}
 * ({@link #sampler()}) writing through {@link #metricsStore()}: the privacy filter (denied context keys dropped
 * or HMAC-hashed) behind the {@code metrics} flag. Analysis and validation flush that sampler first.
 *
 * <p>Thread safe. Lifecycle: {@link #builder()} … {@link Builder#build()}, then {@link #close()} once; the store,
 * the evaluators of the evolution targets and the deployment handler stay the host's.
 */
public final class OptimizationLoop implements AutoCloseable {
    /** The actor the loop records for its own decisions. */
    public static final String LOOP_ACTOR = "loop";
    /** The confidence of a suggestion from an evolution run: measured in the sandbox, not yet in production. */
    public static final double EVOLVED_CONFIDENCE = 0.9;

    private static final Logger LOG = LoggerFactory.getLogger(OptimizationLoop.class);
    private static final int MAX_SAMPLES = 200_000;
    private static final String PROPOSALS_RUN = "proposals";

    private final Store store;
    private final Clock clock;
    private final DeploymentHandler deployer;
    private final AnalysisSettings analysisSettings;
    private final byte[] privacyKey;
    private final Map<Feature, Boolean> flags = new ConcurrentHashMap<>();
    private final Map<String, EvolutionTarget> targets = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> validations = new ConcurrentHashMap<>();
    private final AtomicLong droppedSamples = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();
    private final ReentrantLock deployments = new ReentrantLock();
    private final Object settingsLock = new Object();
    private final MetricsStore metricsStore;
    private final MetricsSampler sampler;
    private final boolean ownsSampler;
    private final EventQueue queue;
    private final ScheduledExecutorService scheduler;
    private final Set<Controller> running = ConcurrentHashMap.newKeySet();
    private volatile LoopSettings settings;
    private volatile int configVersion;
    private volatile boolean closed;

    private OptimizationLoop(Builder b) {
        this.store = b.store;
        this.clock = b.clock;
        this.deployer = b.deployer;
        this.analysisSettings = b.analysisSettings;
        this.privacyKey = b.privacyKey == null ? null : b.privacyKey.clone();
        initialSettings(b.settings);
        for (Feature f : Feature.values()) {
            flags.put(f, true);
        }
        store.rollout().flags().forEach((name, flag) -> {
            try {
                flags.put(Feature.ofKey(name), flag.enabled());
            } catch (IllegalArgumentException unknown) {
                LOG.warn("ignoring stored flag '{}': {}", name, unknown.getMessage());
            }
        });
        this.metricsStore = new GatedStore(new PrivacyFilter(store.metrics(), () -> settings, privacyKey));
        this.ownsSampler = b.sampling != null;
        this.sampler = ownsSampler ? MetricsSampler.create(b.sampling, metricsStore) : MetricsSampler.noop();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "openevolve-loop-validation");
            t.setDaemon(true);
            return t;
        });
        this.queue = new EventQueue(b.eventQueueCapacity, new Handler());
        resumeValidations();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------------------------------ samples

    /** The sampler to instrument host operations with; a no-op sampler when sampling was not configured. */
    public MetricsSampler sampler() {
        return sampler;
    }

    /**
     * The store samples should go to when the host runs its own sampler: the privacy filter behind the
     * {@code metrics} flag, in front of the store's metrics.
     */
    public MetricsStore metricsStore() {
        return metricsStore;
    }

    // ------------------------------------------------------------------------------------------ events

    /**
     * Publishes that a codebase analysis found a hot spot: from phase 3, with the {@code evolution} flag on and an
     * {@linkplain #registerTarget evolution target} for the operation, the loop evolves it. Never blocks.
     *
     * @return false when the event queue was full (the event is counted, not handled)
     */
    public boolean codebaseAnalysisComplete(String component, String operation) {
        return publish(EventTypes.CODEBASE_ANALYSIS_COMPLETE, Map.of(
                "component", Objects.requireNonNull(component, "component"),
                "operation", Objects.requireNonNull(operation, "operation")));
    }

    /**
     * Publishes that a CI pipeline finished; it is recorded as a sample of component {@code ci}, operation
     * {@code pipeline}, failed when {@code failures > 0}. Never blocks.
     *
     * @return false when the event queue was full
     * @throws IllegalArgumentException when a count or the duration is negative, or failures exceed tests
     */
    public boolean ciPipelineComplete(String pipeline, Duration duration, int tests, int failures) {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || tests < 0 || failures < 0 || failures > tests) {
            throw new IllegalArgumentException("a pipeline needs a non-negative duration and 0 <= failures <= tests"
                    + " but had duration " + duration + ", " + tests + " tests, " + failures + " failures");
        }
        return publish(EventTypes.CI_PIPELINE_COMPLETE, Map.of("pipeline", pipeline,
                "duration_ms", Long.toString(duration.toMillis()), "duration_nanos", Long.toString(duration.toNanos()),
                "tests", Integer.toString(tests), "failures", Integer.toString(failures)));
    }

    /**
     * Publishes that the host deployed suggestion {@code suggestionId} itself (for example through its CD
     * system): an approved suggestion becomes deployed, and validation starts. Never blocks.
     *
     * @return false when the event queue was full
     */
    public boolean deploymentComplete(String suggestionId) {
        return publish(EventTypes.DEPLOYMENT_COMPLETE,
                Map.of("suggestion", Objects.requireNonNull(suggestionId, "suggestionId")));
    }

    private boolean publish(String type, Map<String, String> data) {
        return queue.offer(new EventQueue.Published(type, clock.instant(), data));
    }

    /** Entries of the event log after sequence number {@code afterSequence}, oldest first, at most {@code limit}. */
    public List<LoopEvent> events(long afterSequence, int limit) {
        return store.events().list(afterSequence, limit);
    }

    // ------------------------------------------------------------------------------------------ analysis

    /**
     * Flushes the sampler, analyses the samples of the {@link LoopSettings#analysisWindow()}, stores the
     * patterns and the new suggestions (a suggestion found again keeps its status) and returns this analysis'
     * suggestions, best first, as stored.
     *
     * @throws LoopException before phase 2 or with the {@code analysis} flag off
     */
    public List<Suggestion> analyze() {
        require(Phase.SUGGESTIONS, Feature.ANALYSIS, "analysis");
        sampler.flush();
        LoopSettings s = settings;
        Instant now = clock.instant();
        List<PerformanceSample> samples = store.metrics().find(now.minus(s.analysisWindow()), now.plusMillis(1),
                MAX_SAMPLES);
        List<PerformancePattern> patterns = new PatternAnalyzer(analysisSettings, clock).analyze(samples);
        if (!patterns.isEmpty()) {
            store.patterns().save(patterns);
        }
        List<Suggestion> made = ImprovementEngine.create(clock, ImprovementEngine.DEFAULT_OPTIMIZATION_CONFIDENCE)
                .suggest(patterns);
        List<Suggestion> inserted = store.suggestions().insertNew(made);
        record(EventTypes.ANALYSIS_COMPLETE, Map.of("samples", Integer.toString(samples.size()),
                "patterns", Integer.toString(patterns.size()), "suggestions", Integer.toString(made.size()),
                "new", Integer.toString(inserted.size())));
        inserted.forEach(this::recordCreated);
        List<Suggestion> stored = new ArrayList<>(made.size());
        for (Suggestion m : made) {
            stored.add(store.suggestions().find(m.id()).orElse(m));
        }
        return List.copyOf(stored);
    }

    /** The stored suggestions that {@code query} matches, most urgent first. */
    public List<Suggestion> suggestions(SuggestionQuery query) {
        Objects.requireNonNull(query, "query");
        return store.suggestions().list().stream().filter(query::matches).toList();
    }

    /** The suggestion with {@code id}, if stored. */
    public Optional<Suggestion> suggestion(String id) {
        return store.suggestions().find(Objects.requireNonNull(id, "id"));
    }

    /** The decisions taken on suggestion {@code id}, oldest first. */
    public List<SuggestionDecision> history(String id) {
        return store.suggestions().history(Objects.requireNonNull(id, "id"));
    }

    /** The code a suggestion carries (evolved or proposed), if any. */
    public Optional<Program> program(Suggestion suggestion) {
        Objects.requireNonNull(suggestion, "suggestion");
        int slash = suggestion.id().lastIndexOf('/');
        if (slash <= 0 || slash == suggestion.id().length() - 1) {
            return Optional.empty();
        }
        return store.programs().find(suggestion.id().substring(0, slash), suggestion.id().substring(slash + 1));
    }

    // ------------------------------------------------------------------------------------------ evolution

    /** Registers (or replaces) what the loop may evolve for {@code target}'s operation. */
    public void registerTarget(EvolutionTarget target) {
        Objects.requireNonNull(target, "target");
        targets.put(target.key(), target);
    }

    /**
     * Runs one evolution cycle for the registered target of {@code component}/{@code operation} in the calling
     * thread. When the best program beats the initial one it becomes a pending suggestion carrying the code; in
     * phase 4 the loop approves and deploys it itself.
     *
     * @throws LoopException before phase 3, with the {@code evolution} flag off, or when no target is registered
     */
    public EvolutionOutcome evolve(String component, String operation) {
        require(Phase.MANUAL_APPROVAL, Feature.EVOLUTION, "evolution");
        EvolutionTarget target = targets.get(component + "/" + operation);
        if (target == null) {
            throw new LoopException("no evolution target is registered for " + component + "/" + operation
                    + "; registered: " + new java.util.TreeSet<>(targets.keySet()));
        }
        String runId = "evolve-" + component + "-" + operation + "-" + clock.millis() + "-" + runs.incrementAndGet();
        RunResult result;
        Controller.Builder cb = Controller.builder().config(target.config()).runId(runId)
                .initialProgram(target.initialProgram()).evaluator(target.evaluator()).store(store).clock(clock);
        target.model().ifPresent(cb::languageModel);
        target.codebase().ifPresent(cb::codebaseRoot);
        try (Controller controller = cb.build()) {
            running.add(controller);
            try {
                if (closed) {
                    throw new LoopException("the loop is closed");
                }
                result = controller.run();
            } finally {
                running.remove(controller);
            }
        }
        double initial = result.initial().fitness();
        double best = result.best().fitness();
        record(EventTypes.EVOLUTION_COMPLETE, Map.of("run", runId, "component", component, "operation", operation,
                "initial_score", fmt(initial), "best_score", fmt(best), "iterations",
                Long.toString(result.iterations()), "best_program", result.best().id()));
        if (!(best > initial) || result.best().id().equals(result.initial().id())) {
            return new EvolutionOutcome(runId, initial, best, result.iterations(), null);
        }
        double gain = initial > 0 ? 1 - initial / best : 1;
        Suggestion made = new Suggestion(runId + "/" + result.best().id(), "evolved_code", component,
                String.format(Locale.ROOT, "Deploy evolved %s/%s (program %s of run %s): score %s -> %s",
                        component, operation, result.best().id(), runId, fmt(initial), fmt(best)),
                Math.max(0, Math.min(1, gain)), EVOLVED_CONFIDENCE, 1, component + "/" + operation,
                SuggestionStatus.PENDING, clock.instant(), operation);
        store.suggestions().insertNew(List.of(made));
        recordCreated(made);
        if (settings.phase().includes(Phase.AUTONOMOUS) && enabled(Feature.DEPLOYMENT) && deployer != null) {
            approve(made.id(), LOOP_ACTOR, "phase 4: autonomous");
            return new EvolutionOutcome(runId, initial, best, result.iterations(), deploy(made.id(), LOOP_ACTOR));
        }
        return new EvolutionOutcome(runId, initial, best, result.iterations(), made);
    }

    /**
     * Stores a change the host proposes (for example a hand-written patch) as a pending suggestion carrying
     * {@code code}, so it goes through the same approval, deployment, validation and rollback.
     */
    public Suggestion propose(String component, String operation, String description, String code, String language) {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(language, "language");
        Instant now = clock.instant();
        String programId = "proposal-" + java.util.UUID.randomUUID();
        store.programs().save(PROPOSALS_RUN, new Program(programId, code, language, null, 0, 0, 0, Map.of(),
                Map.of(), description, now));
        Suggestion s = new Suggestion(PROPOSALS_RUN + "/" + programId, "proposed_change", component, description,
                0, 0.5, 1, component + "/" + operation, SuggestionStatus.PENDING, now, operation);
        store.suggestions().insertNew(List.of(s));
        recordCreated(s);
        return s;
    }

    // ------------------------------------------------------------------------------------------ decisions

    /**
     * Approves a pending suggestion.
     *
     * @throws IllegalTransitionException when it is not pending
     * @throws LoopException              before phase 2 or when it is unknown
     */
    public Suggestion approve(String id, String actor, String reason) {
        requirePhase(Phase.SUGGESTIONS, "decisions on suggestions");
        return move(id, SuggestionStatus.APPROVED, actor, reason, Map.of());
    }

    /**
     * Rejects a pending or approved suggestion.
     *
     * @throws IllegalTransitionException when it is neither
     */
    public Suggestion reject(String id, String actor, String reason) {
        requirePhase(Phase.SUGGESTIONS, "decisions on suggestions");
        return move(id, SuggestionStatus.REJECTED, actor, reason, Map.of());
    }

    /**
     * Deploys an approved suggestion through the host's {@link DeploymentHandler} and starts validating it.
     *
     * @throws IllegalTransitionException when it is not approved
     * @throws LoopException              before phase 3, with the {@code deployment} flag off, without a
     *                                    deployment handler, or when the handler fails (the suggestion stays approved)
     */
    public Suggestion deploy(String id, String actor) {
        require(Phase.MANUAL_APPROVAL, Feature.DEPLOYMENT, "deployment");
        Objects.requireNonNull(actor, "actor");
        DeploymentHandler handler = requireDeployer();
        deployments.lock();
        try {
            Suggestion s = find(id);
            if (s.status() != SuggestionStatus.APPROVED) {
                throw new IllegalTransitionException(id, s.status(), SuggestionStatus.DEPLOYED);
            }
            try {
                handler.deploy(s, program(s));
            } catch (Exception e) {
                record(EventTypes.HOST_CALL_FAILED, Map.of("suggestion", id, "action", "deploy", "error", e.toString()));
                throw new LoopException("deploying suggestion " + id + " failed in the host: " + e, e);
            }
            Suggestion deployed = move(id, SuggestionStatus.DEPLOYED, actor, "deployed", Map.of());
            scheduleValidation(id);
            return deployed;
        } finally {
            deployments.unlock();
        }
    }

    /**
     * Rolls a deployed or validated suggestion back through the host's {@link DeploymentHandler}.
     *
     * @throws IllegalTransitionException when it is neither deployed nor validated
     */
    public Suggestion rollback(String id, String actor, String reason) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        return rollback(id, actor, reason, Map.of());
    }

    private Suggestion rollback(String id, String actor, String reason, Map<String, String> evidence) {
        DeploymentHandler handler = requireDeployer();
        deployments.lock();
        try {
            Suggestion s = find(id);
            if (!s.status().canMoveTo(SuggestionStatus.ROLLED_BACK)) {
                throw new IllegalTransitionException(id, s.status(), SuggestionStatus.ROLLED_BACK);
            }
            try {
                handler.rollback(s, evidence);
            } catch (Exception e) {
                record(EventTypes.HOST_CALL_FAILED, Map.of("suggestion", id, "action", "rollback", "error",
                        e.toString()));
                throw new LoopException("rolling back suggestion " + id + " failed in the host: " + e, e);
            }
            cancelValidation(id);
            return move(id, SuggestionStatus.ROLLED_BACK, actor, reason, evidence);
        } finally {
            deployments.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------ validation

    /**
     * Validates a deployed suggestion now: flushes the sampler, compares the target operation's samples since
     * the deployment with the baseline window before it and acts on the verdict:
     * improved → validated; degraded → rolled back through the host when the {@code automatic_rollback} flag is
     * on. Either decision is stored with the verdict's evidence.
     *
     * @throws LoopException when the {@code validation} flag is off or the suggestion is not deployed
     */
    public Verdict validate(String id) {
        requireFlag(Feature.VALIDATION, "validation");
        Suggestion s = find(id);
        if (s.status() != SuggestionStatus.DEPLOYED) {
            throw new LoopException("suggestion " + id + " is " + s.status() + "; only a DEPLOYED one can be validated");
        }
        Instant deployedAt = deployedAt(s);
        sampler.flush();
        LoopSettings current = settings;
        Instant now = clock.instant();
        List<PerformanceSample> baseline = ofTarget(s, deployedAt.minus(current.baselineWindow()), deployedAt);
        List<PerformanceSample> fresh = ofTarget(s, deployedAt, now.plusMillis(1));
        Verdict verdict = new DeploymentValidator(current).judge(baseline, fresh);
        Map<String, String> data = new LinkedHashMap<>(verdict.evidence());
        data.put("suggestion", id);
        data.put("outcome", verdict.outcome().name());
        record(EventTypes.VALIDATION_CHECKED, data);
        switch (verdict.outcome()) {
            case IMPROVED -> {
                cancelValidation(id);
                move(id, SuggestionStatus.VALIDATED, LOOP_ACTOR, "faster than its baseline: median "
                        + verdict.evidence().get("baseline_median_ms") + " ms -> "
                        + verdict.evidence().get("fresh_median_ms") + " ms", verdict.evidence());
            }
            case DEGRADED -> {
                if (enabled(Feature.AUTOMATIC_ROLLBACK) && deployer != null) {
                    rollback(id, LOOP_ACTOR, "automatic rollback: " + verdict.evidence().get("reason")
                            + " than its baseline (median " + verdict.evidence().get("baseline_median_ms") + " ms -> "
                            + verdict.evidence().get("fresh_median_ms") + " ms, failure rate "
                            + verdict.evidence().get("baseline_failure_rate") + " -> "
                            + verdict.evidence().get("fresh_failure_rate") + ")", verdict.evidence());
                }
            }
            default -> {
            }
        }
        return verdict;
    }

    private List<PerformanceSample> ofTarget(Suggestion s, Instant from, Instant to) {
        return store.metrics().find(from, to, MAX_SAMPLES).stream()
                .filter(p -> p.component().equals(s.targetComponent()))
                .filter(p -> s.targetOperation() == null || p.operation().equals(s.targetOperation()))
                .toList();
    }

    private Instant deployedAt(Suggestion s) {
        List<SuggestionDecision> history = store.suggestions().history(s.id());
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).to() == SuggestionStatus.DEPLOYED) {
                return history.get(i).at();
            }
        }
        throw new LoopException("suggestion " + s.id() + " is DEPLOYED but its history has no deployment");
    }

    private void scheduleValidation(String id) {
        if (closed) {
            return;
        }
        Instant deadline = clock.instant().plus(settings.validationTimeout());
        long every = Math.max(1, settings.validationInterval().toMillis());
        validations.computeIfAbsent(id, k -> scheduler.scheduleWithFixedDelay(() -> validateScheduled(id, deadline),
                every, every, TimeUnit.MILLISECONDS));
    }

    private void validateScheduled(String id, Instant deadline) {
        try {
            Optional<Suggestion> s = store.suggestions().find(id);
            if (s.isEmpty() || s.get().status() != SuggestionStatus.DEPLOYED) {
                cancelValidation(id);
                return;
            }
            if (!enabled(Feature.VALIDATION)) {
                return;
            }
            Verdict v = validate(id);
            if (v.outcome() == Verdict.Outcome.IMPROVED || (v.outcome() == Verdict.Outcome.DEGRADED
                    && store.suggestions().find(id).map(x -> x.status() != SuggestionStatus.DEPLOYED).orElse(true))) {
                cancelValidation(id);
            } else if (clock.instant().isAfter(deadline)) {
                record(EventTypes.VALIDATION_TIMED_OUT, Map.of("suggestion", id, "outcome", v.outcome().name()));
                cancelValidation(id);
            }
        } catch (RuntimeException e) {
            LOG.warn("validating suggestion {} failed: {}", id, e.toString());
        }
    }

    private void cancelValidation(String id) {
        ScheduledFuture<?> f = validations.remove(id);
        if (f != null) {
            f.cancel(false);
        }
    }

    private void resumeValidations() {
        for (Suggestion s : store.suggestions().list()) {
            if (s.status() == SuggestionStatus.DEPLOYED) {
                scheduleValidation(s.id());
            }
        }
    }

    // ------------------------------------------------------------------------------------------ flags, settings

    /** Whether {@code feature} is on. */
    public boolean enabled(Feature feature) {
        return flags.get(Objects.requireNonNull(feature, "feature"));
    }

    /** Every feature and whether it is on. */
    public Map<Feature, Boolean> flags() {
        return Map.copyOf(new EnumMap<>(flags));
    }

    /** Switches {@code feature} on or off at once; stored, and recorded in the event log. */
    public void setFlag(Feature feature, boolean enabled, String actor) {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(actor, "actor");
        store.rollout().setFlag(new FeatureFlag(feature.key(), enabled, actor, clock.instant()));
        flags.put(feature, enabled);
        record(EventTypes.FLAG_CHANGED, Map.of("flag", feature.key(), "enabled", Boolean.toString(enabled),
                "actor", actor));
    }

    /** The settings in force. */
    public LoopSettings settings() {
        return settings;
    }

    /** The phase in force. */
    public Phase phase() {
        return settings.phase();
    }

    /**
     * Stores {@code next} as a new configuration version and puts it in force.
     *
     * @return the stored version
     * @throws LoopException when {@code next} asks to hash denied keys but the loop has no HMAC key
     */
    public ConfigVersion updateSettings(LoopSettings next, String actor, String reason) {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        requireKeyFor(next);
        synchronized (settingsLock) {
            ConfigVersion v = store.rollout().saveConfig(next.toText(), actor, reason, clock.instant());
            settings = next;
            configVersion = v.version();
            record(EventTypes.CONFIG_CHANGED, Map.of("version", Integer.toString(v.version()),
                    "phase", Integer.toString(next.phase().number()), "actor", actor, "reason", reason));
            return v;
        }
    }

    /** Moves to {@code phase} (a new configuration version). */
    public ConfigVersion setPhase(Phase phase, String actor) {
        return updateSettings(settings.toBuilder().phase(phase).build(), actor, "phase " + phase.number());
    }

    /**
     * Puts configuration version {@code version} back in force, as a new version (history is never rewritten).
     *
     * @throws LoopException when there is no such version
     */
    public ConfigVersion restoreSettings(int version, String actor) {
        ConfigVersion old = store.rollout().configVersion(version)
                .orElseThrow(() -> new LoopException("there is no configuration version " + version + "; versions are "
                        + store.rollout().configVersions().stream().map(ConfigVersion::version).toList()));
        return updateSettings(LoopSettings.fromText(old.content()), actor, "restore of version " + version);
    }

    /** Every stored configuration version, oldest first. */
    public List<ConfigVersion> settingsHistory() {
        return store.rollout().configVersions();
    }

    /** A snapshot of the loop's state. */
    public LoopState state() {
        return new LoopState(settings.phase(), configVersion, flags(), queue.size(), queue.dropped(), queue.handled(),
                queue.failed(), droppedSamples.get(), validations.size(), closed);
    }

    /**
     * Cancels a running evolution cycle, stops validation, handles the events already queued (waiting up to ten
     * seconds), and closes the sampler the loop owns. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        running.forEach(Controller::cancel);
        queue.close(Duration.ofSeconds(10));
        scheduler.shutdownNow();
        validations.clear();
        if (ownsSampler) {
            sampler.close();
        }
    }

    // ------------------------------------------------------------------------------------------ internals

    private void initialSettings(LoopSettings given) {
        List<ConfigVersion> versions = store.rollout().configVersions();
        ConfigVersion latest = versions.isEmpty() ? null : versions.get(versions.size() - 1);
        LoopSettings chosen = given != null ? given
                : latest != null ? LoopSettings.fromText(latest.content()) : LoopSettings.defaults();
        requireKeyFor(chosen);
        if (latest != null && latest.content().equals(chosen.toText())) {
            settings = chosen;
            configVersion = latest.version();
            return;
        }
        ConfigVersion v = store.rollout().saveConfig(chosen.toText(), "host",
                latest == null ? "initial settings" : "settings given at start", clock.instant());
        settings = chosen;
        configVersion = v.version();
        record(EventTypes.CONFIG_CHANGED, Map.of("version", Integer.toString(v.version()),
                "phase", Integer.toString(chosen.phase().number()), "actor", "host", "reason", v.reason()));
    }

    private void requireKeyFor(LoopSettings s) {
        if (privacyKey == null && s.privacyMode() == LoopSettings.PrivacyMode.HASH
                && !s.deniedContextKeys().isEmpty()) {
            throw new LoopException("privacy.mode = hash for denied keys " + s.deniedContextKeys()
                    + " needs an HMAC key (Builder.privacyKey); or use privacy.mode = drop");
        }
    }

    private Suggestion move(String id, SuggestionStatus to, String actor, String reason, Map<String, String> evidence) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        Suggestion s = find(id);
        if (!s.status().canMoveTo(to)) {
            throw new IllegalTransitionException(id, s.status(), to);
        }
        var decision = new SuggestionDecision(id, s.status(), to, actor, clock.instant(), reason, evidence);
        if (!store.suggestions().transition(decision)) {
            throw new IllegalTransitionException(id, find(id).status(), to);
        }
        record(EventTypes.SUGGESTION_STATUS, Map.of("suggestion", id, "from", s.status().name(), "to", to.name(),
                "actor", actor, "reason", reason));
        return s.withStatus(to);
    }

    private Suggestion find(String id) {
        Objects.requireNonNull(id, "id");
        return store.suggestions().find(id).orElseThrow(() -> new LoopException("there is no suggestion " + id));
    }

    private void recordCreated(Suggestion s) {
        record(EventTypes.SUGGESTION_CREATED, Map.of("suggestion", s.id(), "type", s.type(),
                "component", s.targetComponent(), "operation", Objects.requireNonNullElse(s.targetOperation(), "")));
    }

    private void record(String type, Map<String, String> data) {
        store.events().append(type, clock.instant(), data);
    }

    private void require(Phase phase, Feature feature, String what) {
        requirePhase(phase, what);
        requireFlag(feature, what);
    }

    private void requirePhase(Phase phase, String what) {
        Phase now = settings.phase();
        if (!now.includes(phase)) {
            throw new LoopException(what + " needs phase " + phase.number() + " (" + phase + ") or later; the loop is"
                    + " in phase " + now.number() + " (" + now + ")");
        }
    }

    private void requireFlag(Feature feature, String what) {
        if (!enabled(feature)) {
            throw new LoopException(what + " is switched off by flag '" + feature.key() + "'");
        }
    }

    private DeploymentHandler requireDeployer() {
        if (deployer == null) {
            throw new LoopException("the loop has no DeploymentHandler; give one to the builder to deploy or roll back");
        }
        return deployer;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** Handles the published events on the queue's thread. */
    private final class Handler implements EventQueue.Handler {
        @Override
        public void dropped(long count) {
            record(EventTypes.EVENTS_DROPPED, Map.of("dropped", Long.toString(count)));
        }

        @Override
        public void handle(EventQueue.Published e) {
            store.events().append(e.type(), e.at(), e.data());
            switch (e.type()) {
                case EventTypes.CODEBASE_ANALYSIS_COMPLETE -> {
                    String component = e.data().get("component");
                    String operation = e.data().get("operation");
                    if (settings.phase().includes(Phase.MANUAL_APPROVAL) && enabled(Feature.EVOLUTION)
                            && targets.containsKey(component + "/" + operation)) {
                        evolve(component, operation);
                    }
                }
                case EventTypes.CI_PIPELINE_COMPLETE -> {
                    int failures = Integer.parseInt(e.data().get("failures"));
                    var sample = new PerformanceSample("ci", e.data().get("pipeline"), e.at(),
                            Duration.ofNanos(Long.parseLong(e.data().get("duration_nanos"))), failures == 0,
                            failures == 0 ? null : failures + " failing test(s)",
                            Map.of("tests", e.data().get("tests"), "failures", e.data().get("failures")), -1, -1);
                    metricsStore.append(new SampleBatch(List.of(sample), new ProcessSnapshot(e.at(), -1, -1, -1)));
                }
                case EventTypes.DEPLOYMENT_COMPLETE -> {
                    String id = e.data().get("suggestion");
                    Suggestion s = find(id);
                    if (s.status() == SuggestionStatus.APPROVED) {
                        move(id, SuggestionStatus.DEPLOYED, "host", "deployment_complete event", Map.of());
                    } else if (s.status() != SuggestionStatus.DEPLOYED) {
                        throw new IllegalTransitionException(id, s.status(), SuggestionStatus.DEPLOYED);
                    }
                    if (enabled(Feature.VALIDATION)) {
                        scheduleValidation(id);
                    }
                }
                default -> throw new IllegalStateException("unknown event type " + e.type());
            }
        }

        @Override
        public void failed(EventQueue.Published e, Exception error) {
            record(EventTypes.EVENT_FAILED, Map.of("event", e.type(), "error", String.valueOf(error.getMessage())));
        }
    }

    /** Drops samples while the {@code metrics} flag is off. */
    private final class GatedStore implements MetricsStore {
        private final MetricsStore delegate;

        GatedStore(MetricsStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public void append(SampleBatch batch) {
            Objects.requireNonNull(batch, "batch");
            if (!enabled(Feature.METRICS)) {
                droppedSamples.addAndGet(batch.samples().size());
                return;
            }
            delegate.append(batch);
        }

        @Override
        public List<PerformanceSample> find(Instant from, Instant to, int limit) {
            return delegate.find(from, to, limit);
        }
    }

    /** Builds an {@link OptimizationLoop}. Not thread safe. */
    public static final class Builder {
        private Store store;
        private LoopSettings settings;
        private PerformanceConfig sampling;
        private Clock clock = Clock.systemUTC();
        private DeploymentHandler deployer;
        private AnalysisSettings analysisSettings = AnalysisSettings.defaults();
        private byte[] privacyKey;
        private int eventQueueCapacity = 1024;

        private Builder() {
        }

        /** The store (required); the host keeps and closes it. */
        public Builder store(Store store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * The settings to start with; stored as a new configuration version when they differ from the latest.
         * Without, the latest stored version is used, or {@link LoopSettings#defaults()}.
         */
        public Builder settings(LoopSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Lets the loop own a {@link MetricsSampler} with this configuration. */
        public Builder sampling(PerformanceConfig config) {
            this.sampling = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The clock for decisions, events and windows; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The host's deploy and rollback callback; without one the loop cannot deploy or roll back. */
        public Builder deploymentHandler(DeploymentHandler handler) {
            this.deployer = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** The analyser's thresholds; default {@link AnalysisSettings#defaults()}. */
        public Builder analysisSettings(AnalysisSettings analysisSettings) {
            this.analysisSettings = Objects.requireNonNull(analysisSettings, "analysisSettings");
            return this;
        }

        /** The secret HMAC key of the privacy filter, at least 16 bytes (copied; never printed). */
        public Builder privacyKey(byte[] key) {
            Objects.requireNonNull(key, "key");
            if (key.length < 16) {
                throw new IllegalArgumentException("the privacy HMAC key must have at least 16 bytes but had "
                        + key.length);
            }
            this.privacyKey = key.clone();
            return this;
        }

        /** How many published events may wait; default 1024. */
        public Builder eventQueueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("event queue capacity must be at least 1 but was " + capacity);
            }
            this.eventQueueCapacity = capacity;
            return this;
        }

        /**
         * Builds and starts the loop.
         *
         * @throws IllegalStateException when no store was given
         * @throws LoopException         when the stored settings do not parse or need a missing HMAC key
         */
        public OptimizationLoop build() {
            if (store == null) {
                throw new IllegalStateException("the loop needs a store: call store(...) before build()");
            }
            return new OptimizationLoop(this);
        }
    }
}
