package dev.openevolve.cluster;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.openevolve.config.EvaluationConfig;
import dev.openevolve.evaluation.EvaluatorPool;
import dev.openevolve.evaluation.Evaluators;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.OpenEvolveException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's share of a cluster run: it evaluates the run's candidates with its own copy of the evaluator and its
 * own sandbox settings, and writes each result once, keyed by the candidate. Any number of workers on any number of
 * machines may join and leave while the run goes on; a task whose worker dies (missed heartbeats) goes to another.
 *
 * <pre>{@code
 * try (ClusterWorker worker = ClusterWorker.builder()
 *         .settings(ClusterSettings.of("jdbc:postgresql://db:5432/openevolve", "openevolve", password))
 *         .runId("cli").evaluatorFile(Path.of("evaluator.py")).threads(2).build()) {
 *     worker.start();          // refuses (WorkerRefusedException) an evaluator that differs from the run's
 *     worker.awaitStop();      // until close() or a refusal
 * }
 * }</pre>
 *
 * <p>Thread safe. {@link #start()} once; {@link #close()} stops polling, lets running evaluations finish for a few
 * seconds, and releases the evaluator, the pool and the connections.
 */
public final class ClusterWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterWorker.class);
    static final String TASKS_CHANNEL = "openevolve_cluster_tasks";
    static final String RESULTS_CHANNEL = "openevolve_cluster_results";
    private static final Duration RESULT_WRITE_PATIENCE = Duration.ofMinutes(2);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);

    private final ClusterSettings settings;
    private final String runId;
    private final Path evaluatorFile;
    private final EvaluationConfig evaluation;
    private final int threads;
    private final Duration joinTimeout;
    private final String id;
    private final DatabaseClock clock;
    private final EvaluatorIdentity identity;
    private final AtomicLong evaluated = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object stopped = new Object();
    private volatile String refusal;
    private Database database;
    private Evaluator evaluator;
    private EvaluatorPool pool;
    private Scheduler scheduler;
    private Thread session;

    private ClusterWorker(Builder b) {
        this.settings = b.settings;
        this.runId = b.runId;
        this.evaluatorFile = b.evaluatorFile;
        this.evaluation = b.evaluation.withParallelism(b.threads);
        this.threads = b.threads;
        this.joinTimeout = b.joinTimeout;
        this.clock = new DatabaseClock(b.clock);
        this.identity = EvaluatorIdentity.of(b.evaluatorFile);
        this.id = host() + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A builder; settings, run id and evaluator file are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects, waits (up to the join timeout) for the run's controller to register the run, checks the evaluator
     * and starts taking tasks.
     *
     * @throws WorkerRefusedException when this worker's evaluator file differs from the run's
     * @throws OpenEvolveException    when the run did not appear in time or the evaluator cannot be built
     */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("worker " + id + " was already started");
        }
        database = new Database(settings, "worker", threads + 3);
        try {
            clock.synchronize(database.pool());
            ClusterSchema.ensure(database.pool());
            EvaluatorIdentity expected = awaitRun();
            if (!expected.hash().equals(identity.hash())) {
                refusal = "worker refused for run '" + runId + "': its evaluator " + evaluatorFile + " (sha256 "
                        + identity.shortHash() + ") differs from the run's evaluator " + expected.name() + " (sha256 "
                        + expected.shortHash() + "); give the worker the same evaluator file as the controller";
                register("refused");
                throw new WorkerRefusedException(refusal);
            }
            evaluator = Evaluators.forFile(evaluatorFile, evaluation);
            pool = new EvaluatorPool(evaluator, evaluation);
            register("running");
            scheduler = Scheduler.create(database.pool(), task())
                    .threads(threads)
                    .pollingInterval(settings.pollInterval())
                    .heartbeatInterval(settings.heartbeatInterval())
                    .missedHeartbeatsLimit(settings.missedHeartbeats())
                    .pollUsingLockAndFetch(0.5, 1.0)
                    .clock(clock)
                    .serializer(Wire.TEXT)
                    .tableName(ClusterSchema.TASKS)
                    .schedulerName(new SchedulerName.Fixed(id))
                    .deleteUnresolvedAfter(Duration.ofDays(3650))
                    .shutdownMaxWait(Duration.ofSeconds(5))
                    .build();
            scheduler.start();
            session = new Thread(this::sessionLoop, "openevolve-worker-session");
            session.setDaemon(true);
            session.start();
            LOG.info("worker {} joined run '{}' with {} thread(s), evaluator {} (sha256 {}), clock offset to the"
                    + " database {} ms", id, runId, threads, evaluatorFile.getFileName(), identity.shortHash(),
                    clock.offset().toMillis());
        } catch (SQLException e) {
            close();
            throw new OpenEvolveException("worker cannot prepare the cluster database "
                    + Masking.url(settings.url()) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Blocks until the worker is closed or refused. */
    public void awaitStop() throws InterruptedException {
        synchronized (stopped) {
            while (!closed.get()) {
                stopped.wait();
            }
        }
    }

    /** Blocks until the worker is closed or refused, or {@code timeout} passed; true when it stopped. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stopped) {
            while (!closed.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                stopped.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** This worker's id: host, process id and a random suffix. */
    public String id() {
        return id;
    }

    /** Candidates this worker evaluated and recorded so far. */
    public long evaluated() {
        return evaluated.get();
    }

    /** Why the worker stopped taking tasks, if it was refused. */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    private OneTimeTask<String> task() {
        return Tasks.oneTime(Wire.taskName(runId), String.class)
                .onFailure(this::retryLater)
                .onDeadExecutionRevive()
                .execute((instance, context) -> handle(instance));
    }

    private void retryLater(ExecutionComplete complete, ExecutionOperations<String> operations) {
        operations.reschedule(complete, clock.now().plus(RETRY_DELAY));
    }

    private void handle(TaskInstance<String> instance) {
        var payload = Wire.decode(instance.getData(), Wire.Payload.class);
        String taskId = instance.getId();
        if (!payload.evaluatorHash().equals(identity.hash())) {
            refusal = "worker refused task " + taskId + " of run '" + runId + "': the run's evaluator changed to sha256 "
                    + payload.evaluatorHash().substring(0, 12) + " but this worker has " + identity.shortHash();
            LOG.error(refusal);
            Thread stopper = new Thread(this::close, "openevolve-worker-stop");
            stopper.start();
            throw new OpenEvolveException(refusal);
        }
        if (resultExists(taskId)) {
            LOG.debug("task {} already has a result; nothing to do", taskId);
            return;
        }
        Instant attemptStart = recordAttempt(taskId);
        EvaluationResult result = pool.evaluate(payload.candidate());
        if (closed.get()) {
            throw new OpenEvolveException("worker " + id + " stopped during " + taskId + "; the task goes to another worker");
        }
        writeResult(taskId, payload.programId(), result, attemptStart);
    }

    private boolean resultExists(String taskId) {
        try (Connection c = database.pool().getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT 1 FROM openevolve_cluster_results WHERE run_id = ? AND task_id = ?")) {
            s.setString(1, runId);
            s.setString(2, taskId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new OpenEvolveException("cannot read results of run '" + runId + "': " + e.getMessage(), e);
        }
    }

    private Instant recordAttempt(String taskId) {
        Instant start = clock.now();
        try (Connection c = database.pool().getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO openevolve_cluster_attempts"
                     + " (run_id, task_id, worker_id, started_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            s.setString(1, runId);
            s.setString(2, taskId);
            s.setString(3, id);
            s.setTimestamp(4, java.sql.Timestamp.from(start));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new OpenEvolveException("cannot record an attempt of run '" + runId + "': " + e.getMessage(), e);
        }
        return start;
    }

    /** Writes the result once; keeps trying through a database outage so the evaluation's work is not lost. */
    private void writeResult(String taskId, String programId, EvaluationResult result, Instant attemptStart) {
        Instant giveUp = Instant.now().plus(RESULT_WRITE_PATIENCE);
        String json = Wire.encode(Wire.Result.of(result));
        while (true) {
            try (Connection c = database.pool().getConnection()) {
                c.setAutoCommit(false);
                boolean inserted;
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO openevolve_cluster_results"
                        + " (run_id, task_id, program_id, result, succeeded, worker_id) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (run_id, task_id) DO NOTHING");
                     PreparedStatement finish = c.prepareStatement("UPDATE openevolve_cluster_attempts"
                             + " SET finished_at = now() WHERE run_id = ? AND task_id = ? AND worker_id = ?"
                             + " AND started_at = ?");
                     PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                    insert.setString(1, runId);
                    insert.setString(2, taskId);
                    insert.setString(3, programId);
                    insert.setString(4, json);
                    insert.setBoolean(5, result.succeeded());
                    insert.setString(6, id);
                    inserted = insert.executeUpdate() == 1;
                    finish.setString(1, runId);
                    finish.setString(2, taskId);
                    finish.setString(3, id);
                    finish.setTimestamp(4, java.sql.Timestamp.from(attemptStart));
                    finish.executeUpdate();
                    notify.setString(1, RESULTS_CHANNEL);
                    notify.setString(2, runId);
                    notify.execute();
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
                if (inserted) {
                    (result.succeeded() ? evaluated : failed).incrementAndGet();
                } else {
                    LOG.info("task {} was recorded by another worker first; this result is dropped", taskId);
                }
                return;
            } catch (SQLException e) {
                if (Instant.now().isAfter(giveUp) || closed.get()) {
                    throw new OpenEvolveException("cannot record the result of " + taskId + " in run '" + runId
                            + "': " + e.getMessage(), e);
                }
                LOG.warn("cannot record the result of {} yet ({}); retrying", taskId, e.getMessage());
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private EvaluatorIdentity awaitRun() throws SQLException {
        Instant deadline = Instant.now().plus(joinTimeout);
        boolean told = false;
        while (true) {
            try (Connection c = database.pool().getConnection();
                 PreparedStatement s = c.prepareStatement(
                         "SELECT evaluator_hash, evaluator_name FROM openevolve_cluster_runs WHERE run_id = ?")) {
                s.setString(1, runId);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return new EvaluatorIdentity(rs.getString(1), rs.getString(2));
                    }
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new OpenEvolveException("run '" + runId + "' did not start within " + joinTimeout.toSeconds()
                        + " s: no controller registered it in " + Masking.url(settings.url()));
            }
            if (!told) {
                LOG.info("worker {} waits for the controller of run '{}'", id, runId);
                told = true;
            }
            sleep(Duration.ofSeconds(1));
        }
    }

    private void register(String state) throws SQLException {
        try (Connection c = database.pool().getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO openevolve_cluster_workers"
                     + " (worker_id, run_id, host, threads, evaluator_hash, state) VALUES (?, ?, ?, ?, ?, ?)"
                     + " ON CONFLICT (worker_id) DO UPDATE SET state = EXCLUDED.state, last_seen = now()")) {
            s.setString(1, id);
            s.setString(2, runId);
            s.setString(3, host());
            s.setInt(4, threads);
            s.setString(5, identity.hash());
            s.setString(6, state);
            s.executeUpdate();
        }
    }

    /** Keeps the worker's row alive, the clock in step, and wakes the scheduler when the controller adds tasks. */
    private void sessionLoop() {
        long nextBeat = 0;
        long nextSync = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!closed.get()) {
            try (Connection c = database.session()) {
                try (var s = c.createStatement()) {
                    s.execute("LISTEN " + TASKS_CHANNEL);
                }
                scheduler.triggerCheckForDueExecutions();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed.get()) {
                    var notes = pg.getNotifications((int) settings.heartbeatInterval().toMillis());
                    if (notes != null && notes.length > 0) {
                        scheduler.triggerCheckForDueExecutions();
                    }
                    if (System.nanoTime() >= nextBeat) {
                        beat(c, refusal == null ? "running" : "refused");
                        nextBeat = System.nanoTime() + settings.heartbeatInterval().toNanos();
                    }
                    if (System.nanoTime() >= nextSync) {
                        clock.synchronize(database.pool());
                        nextSync = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    }
                }
            } catch (SQLException e) {
                if (!closed.get()) {
                    LOG.warn("worker {} lost its database session ({}); reconnecting", id, e.getMessage());
                    sleep(Duration.ofSeconds(1));
                }
            }
        }
    }

    private void beat(Connection c, String state) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE openevolve_cluster_workers SET last_seen = now(),"
                + " evaluated = ?, failed = ?, state = ? WHERE worker_id = ?")) {
            s.setLong(1, evaluated.get());
            s.setLong(2, failed.get());
            s.setString(3, state);
            s.setString(4, id);
            s.executeUpdate();
        }
    }

    /** Stops taking tasks, waits a few seconds for running evaluations, releases everything. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (scheduler != null) {
            scheduler.stop();
        }
        if (session != null) {
            session.interrupt();
        }
        if (database != null) {
            try (Connection c = database.pool().getConnection()) {
                beat(c, refusal == null ? "stopped" : "refused");
            } catch (SQLException | RuntimeException e) {
                LOG.debug("cannot mark worker {} stopped: {}", id, e.getMessage());
            }
        }
        if (pool != null) {
            pool.close();
        }
        if (evaluator != null) {
            evaluator.close();
        }
        if (database != null) {
            database.close();
        }
        synchronized (stopped) {
            stopped.notifyAll();
        }
        LOG.info("worker {} stopped after {} evaluation(s) ({} failed)", id, evaluated.get() + failed.get(),
                failed.get());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    /** Builds a {@link ClusterWorker}. Not thread safe. */
    public static final class Builder {
        private ClusterSettings settings;
        private String runId;
        private Path evaluatorFile;
        private EvaluationConfig evaluation = EvaluationConfig.defaults();
        private int threads = 1;
        private Duration joinTimeout = Duration.ofMinutes(10);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Where the cluster's database is; required. */
        public Builder settings(ClusterSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The run to join (the controller's run id); required. */
        public Builder runId(String runId) {
            Objects.requireNonNull(runId, "runId");
            if (runId.isBlank()) {
                throw new IllegalArgumentException("runId must not be blank");
            }
            this.runId = runId;
            return this;
        }

        /** This machine's copy of the run's evaluator ({@code .py}, {@code .java} or an executable); required. */
        public Builder evaluatorFile(Path file) {
            this.evaluatorFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** This worker's sandbox and timeout settings; default {@link EvaluationConfig#defaults()}. */
        public Builder evaluation(EvaluationConfig evaluation) {
            this.evaluation = Objects.requireNonNull(evaluation, "evaluation");
            return this;
        }

        /** Candidates evaluated at once by this worker, at least 1; default 1. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1 but was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** How long {@link #start()} waits for the run's controller; default 10 minutes. */
        public Builder joinTimeout(Duration joinTimeout) {
            Objects.requireNonNull(joinTimeout, "joinTimeout");
            if (joinTimeout.isNegative()) {
                throw new IllegalArgumentException("joinTimeout must not be negative but was " + joinTimeout);
            }
            this.joinTimeout = joinTimeout;
            return this;
        }

        /** This machine's clock (tests inject an offset one); the worker corrects it to the database's time. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * A worker, not yet started.
         *
         * @throws IllegalStateException when settings, run id or evaluator file are missing
         * @throws OpenEvolveException   when the evaluator file cannot be read
         */
        public ClusterWorker build() {
            if (settings == null || runId == null || evaluatorFile == null) {
                throw new IllegalStateException("settings, runId and evaluatorFile are required");
            }
            return new ClusterWorker(this);
        }
    }
}
