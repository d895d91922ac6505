package dev.openevolve.evaluation;

import dev.openevolve.config.EvaluationConfig;
import dev.openevolve.internal.sandbox.Seconds;
import dev.openevolve.spi.Candidate;
import dev.openevolve.spi.EvaluationRequest;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.Evaluator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link Evaluator} with bounded parallelism ({@code evaluation.parallelism}), a hard per-candidate-stage
 * timeout ({@code evaluation.timeout}: the call is abandoned and its thread interrupted; evaluators that start
 * processes get the timeout in the request and kill their process trees), cascade stages with thresholds, and
 * retries ({@code evaluation.max_retries}) for evaluator errors (exceptions) but never for candidate failures.
 *
 * <p>Cascade: stage {@code i+1} runs only when the fitness of the merged metrics after stage {@code i} reaches
 * {@code cascade_thresholds[i-1]} (a stage without a threshold always continues); metrics of stages merge, later
 * stages winning. A stop below a threshold is a <em>successful</em> result with an artifact {@code cascade} saying
 * at which stage and why. With {@code evaluation.cascade} off, every stage runs.
 *
 * <p>It never throws for candidate or evaluator faults: it returns {@link EvaluationResult#failure} with a reason
 * naming what happened, e.g. {@code "timed out after 5 s (evaluation.timeout)"} or
 * {@code "evaluator error after 3 attempts: <message>"}.
 *
 * <p>Threads are bounded: evaluator calls run on at most {@code 2 × parallelism} threads. A timed-out call whose
 * evaluator ignores the interrupt keeps its thread until it returns; while {@code parallelism} such calls are still
 * running, further candidates fail at once ("not evaluated: ... ignored the interrupt ...") instead of taking
 * more threads.
 *
 * <p>Thread safe. The pool does not own the evaluator: {@link #close()} stops the workers (pending candidates
 * complete as failures) and the caller closes the evaluator.
 */
public final class EvaluatorPool implements EvaluationExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluatorPool.class);
    /** Extra time a stage gets past the timeout so an evaluator can report its own, more precise, timeout. */
    private static final Duration GRACE = Duration.ofMillis(500);

    private final Evaluator evaluator;
    private final EvaluationConfig config;
    private final ThreadPoolExecutor coordinators;
    private final ThreadPoolExecutor calls;
    /** Timed-out calls whose evaluator has not returned yet; at most {@code parallelism} before candidates fail. */
    private final AtomicInteger abandoned = new AtomicInteger();
    private final List<CompletableFuture<EvaluationResult>> pending = new ArrayList<>();
    private volatile boolean closed;

    /**
     * A pool running {@code evaluator} under {@code config}.
     *
     * @throws IllegalArgumentException naming every rule of {@link EvaluationConfig#requireValid()} the config breaks
     */
    public EvaluatorPool(Evaluator evaluator, EvaluationConfig config) {
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.config = Objects.requireNonNull(config, "config").requireValid();
        String id = Integer.toHexString(System.identityHashCode(this));
        this.coordinators = new ThreadPoolExecutor(config.parallelism(), config.parallelism(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("openevolve-eval-" + id + "-"));
        int callThreads = 2 * config.parallelism();
        this.calls = new ThreadPoolExecutor(callThreads, callThreads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads("openevolve-eval-" + id + "-call-"));
        this.calls.allowCoreThreadTimeOut(true);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Evaluates {@code candidate}, waiting for the result; never throws for candidate or evaluator faults. */
    @Override
    public EvaluationResult evaluate(Candidate candidate) {
        return submit(candidate).join();
    }

    /**
     * Queues {@code candidate}; the future completes with its result (never exceptionally for candidate or evaluator
     * faults) once a worker is free and every stage it reaches has run.
     *
     * @throws IllegalStateException when the pool is closed
     */
    @Override
    public CompletableFuture<EvaluationResult> submit(Candidate candidate) {
        Objects.requireNonNull(candidate, "candidate");
        CompletableFuture<EvaluationResult> future = new CompletableFuture<>();
        synchronized (pending) {
            if (closed) {
                throw new IllegalStateException("evaluator pool is closed");
            }
            pending.add(future);
        }
        future.whenComplete((r, e) -> {
            synchronized (pending) {
                pending.remove(future);
            }
        });
        coordinators.execute(() -> {
            if (future.isDone()) {
                return;
            }
            try {
                future.complete(runStages(candidate));
            } catch (RuntimeException | Error e) {
                LOG.error("evaluating candidate {} failed unexpectedly", candidate.id(), e);
                future.complete(EvaluationResult.failure("evaluation failed unexpectedly: " + e, Map.of()));
            }
        });
        return future;
    }

    private EvaluationResult runStages(Candidate candidate) {
        int stages = Math.max(1, evaluator.stages());
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, String> artifacts = new LinkedHashMap<>();
        for (int stage = 1; stage <= stages; stage++) {
            EvaluationResult r = runStage(candidate, stage);
            metrics.putAll(r.metrics());
            artifacts.putAll(r.artifacts());
            if (!r.succeeded()) {
                String reason = stages == 1 ? r.failureReason()
                        : "stage " + stage + " of " + stages + ": " + r.failureReason();
                return EvaluationResult.failure(reason, artifacts);
            }
            if (config.cascade() && stage < stages && stage - 1 < config.cascadeThresholds().size()) {
                double threshold = config.cascadeThresholds().get(stage - 1);
                double fitness = EvaluationResult.fitnessOf(metrics, true);
                if (fitness < threshold) {
                    artifacts.put("cascade", String.format(Locale.ROOT,
                            "stopped after stage %d of %d: fitness %s below threshold %s (evaluation.cascade_thresholds[%d])",
                            stage, stages, fitness, threshold, stage - 1));
                    return usable(metrics, artifacts);
                }
            }
        }
        return usable(metrics, artifacts);
    }

    /** A success only when the metrics give a finite fitness; otherwise a failed candidate saying why. */
    private static EvaluationResult usable(Map<String, Double> metrics, Map<String, String> artifacts) {
        if (metrics.isEmpty()) {
            return EvaluationResult.failure("the evaluator reported no usable metrics: it must report at least one"
                    + " finite number, for example \"combined_score\" (non-numeric values are ignored)", artifacts);
        }
        double fitness = EvaluationResult.fitnessOf(metrics, true);
        if (!Double.isFinite(fitness)) {
            return EvaluationResult.failure("the evaluator's metrics give no finite fitness (" + fitness
                    + " from " + new java.util.TreeMap<>(metrics) + "): report \"combined_score\" or smaller"
                    + " metrics", artifacts);
        }
        return EvaluationResult.success(metrics, artifacts);
    }

    private EvaluationResult runStage(Candidate candidate, int stage) {
        EvaluationRequest request = new EvaluationRequest(candidate, stage, config.timeout());
        int attempts = config.maxRetries() + 1;
        String lastError = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            int stuck = awaitFewerAbandoned();
            if (stuck >= config.parallelism()) {
                return EvaluationResult.failure("not evaluated: " + stuck + " timed-out evaluator calls ignored the"
                        + " interrupt and still hold their threads (at most evaluation.parallelism = "
                        + config.parallelism() + " may)", Map.of());
            }
            var call = new Call(() -> evaluator.evaluate(request));
            calls.execute(call);
            try {
                EvaluationResult r = call.get(config.timeout().plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
                if (r != null) {
                    return r;
                }
                lastError = "evaluator returned null";
            } catch (TimeoutException e) {
                call.abandon();
                LOG.debug("candidate {} stage {} timed out; call abandoned", candidate.id(), stage);
                return EvaluationResult.failure("timed out after " + Seconds.format(config.timeout())
                        + " (evaluation.timeout)", Map.of());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                lastError = cause.getMessage() == null ? cause.toString() : cause.getMessage();
                LOG.warn("evaluator error on candidate {} stage {} (attempt {} of {}): {}", candidate.id(), stage,
                        attempt, attempts, lastError);
            } catch (InterruptedException e) {
                call.cancel(true);
                Thread.currentThread().interrupt();
                return EvaluationResult.failure("not evaluated: evaluator pool closed", Map.of());
            } catch (CancellationException e) {
                return EvaluationResult.failure("not evaluated: evaluator pool closed", Map.of());
            }
        }
        return EvaluationResult.failure("evaluator error after " + attempts + (attempts == 1 ? " attempt: "
                : " attempts: ") + lastError, Map.of());
    }

    /**
     * The number of abandoned calls still running, once it is below {@code parallelism} or after {@link #GRACE}
     * (an interrupted evaluator usually returns within moments).
     */
    private int awaitFewerAbandoned() {
        long deadline = System.nanoTime() + GRACE.toNanos();
        synchronized (abandoned) {
            int stuck;
            while ((stuck = abandoned.get()) >= config.parallelism() && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(abandoned, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return stuck;
        }
    }

    /**
     * One evaluator call. Counts itself in {@link #abandoned} from the moment it is abandoned while running until its
     * evaluator returns.
     */
    private final class Call extends FutureTask<EvaluationResult> {
        private static final int QUEUED = 0;
        private static final int RUNNING = 1;
        private static final int DONE = 2;
        private static final int ABANDONED = 3;
        private final AtomicInteger state = new AtomicInteger(QUEUED);

        Call(Callable<EvaluationResult> task) {
            super(task);
        }

        @Override
        public void run() {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                return;
            }
            try {
                super.run();
            } finally {
                if (!state.compareAndSet(RUNNING, DONE)) {
                    synchronized (abandoned) {
                        abandoned.decrementAndGet();
                        abandoned.notifyAll();
                    }
                }
            }
        }

        /** Cancels the call and interrupts its thread; a call that already runs is counted until it returns. */
        void abandon() {
            if (state.compareAndSet(RUNNING, ABANDONED)) {
                abandoned.incrementAndGet();
            } else {
                state.compareAndSet(QUEUED, DONE);
            }
            cancel(true);
        }
    }

    /**
     * Stops the workers: running calls are interrupted and every candidate not yet evaluated completes as a
     * failure "not evaluated: evaluator pool closed". Idempotent. Does not close the evaluator.
     */
    @Override
    public void close() {
        List<CompletableFuture<EvaluationResult>> left;
        synchronized (pending) {
            if (closed) {
                return;
            }
            closed = true;
            left = new ArrayList<>(pending);
        }
        coordinators.shutdownNow();
        calls.shutdownNow();
        EvaluationResult notRun = EvaluationResult.failure("not evaluated: evaluator pool closed", Map.of());
        left.forEach(f -> f.complete(notRun));
    }
}
