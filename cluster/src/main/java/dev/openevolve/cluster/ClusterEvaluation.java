package dev.openevolve.cluster;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import dev.openevolve.evaluation.EvaluationExecutor;
import dev.openevolve.spi.Candidate;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.OpenEvolveException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's side of a cluster run ({@code evaluation.executor: cluster}): each submitted candidate becomes a
 * db-scheduler one-time task in the shared PostgreSQL database, any worker ({@link ClusterWorker}) evaluates it, and
 * its recorded result completes the future. The controller stays the only writer of the program database; the
 * evolution loop bounds the candidates in flight ({@code parallel_iterations}) and commits in iteration order.
 *
 * <p>One controller per run: building a second one for a run whose controller is alive fails with a
 * {@link ControllerRefusedException} (a PostgreSQL advisory lock held by the controller's session, released when
 * its process dies, so a restarted controller can resume). A candidate whose result is already recorded (a resumed
 * run) is answered from the record without being evaluated again. Database outages are waited out: submissions
 * and results resume when the database is back.
 *
 * <p>Thread safe. {@link #close()} cancels the tasks not yet evaluated and releases the run.
 */
public final class ClusterEvaluation implements EvaluationExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterEvaluation.class);
    private static final Duration HEALTH_EVERY = Duration.ofSeconds(30);
    private static final int WAIT_MILLIS = 250;

    private final ClusterSettings settings;
    private final String runId;
    private final EvaluatorIdentity evaluator;
    private final DatabaseClock clock;
    private final Database database;
    private final SchedulerClient client;
    private final TaskDescriptor<String> task;
    private final String controllerId;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread session;
    private volatile Connection lease;
    private volatile RuntimeException lost;

    private record Pending(Candidate candidate, CompletableFuture<EvaluationResult> future, boolean scheduled) {
        Pending asScheduled() {
            return new Pending(candidate, future, true);
        }
    }

    private ClusterEvaluation(Builder b) {
        this.settings = b.settings;
        this.runId = b.runId;
        this.evaluator = EvaluatorIdentity.of(b.evaluatorFile);
        this.clock = new DatabaseClock(b.clock);
        this.controllerId = host() + "/" + ProcessHandle.current().pid();
        this.database = new Database(settings, "controller", 3);
        try {
            clock.synchronize(database.pool());
            ClusterSchema.ensure(database.pool());
            this.lease = acquire(database.session(), true);
            register();
        } catch (SQLException e) {
            database.close();
            throw new OpenEvolveException("cannot start run '" + runId + "' on the cluster database "
                    + Masking.url(settings.url()) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        this.task = TaskDescriptor.of(Wire.taskName(runId), String.class);
        this.client = SchedulerClient.Builder.create(database.pool(), List.of())
                .serializer(Wire.TEXT).tableName(ClusterSchema.TASKS).build();
        this.session = new Thread(this::sessionLoop, "openevolve-cluster-" + runId);
        session.setDaemon(true);
        session.start();
        LOG.info("run '{}' evaluates on the cluster at {} (evaluator {}, sha256 {})", runId,
                Masking.url(settings.url()), evaluator.name(), evaluator.shortHash());
    }

    /** A builder; settings, run id and evaluator file are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletableFuture<EvaluationResult> submit(Candidate candidate) {
        Objects.requireNonNull(candidate, "candidate");
        if (closed.get()) {
            throw new IllegalStateException("cluster evaluation of run '" + runId + "' is closed");
        }
        RuntimeException failure = lost;
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        String taskId = Wire.taskId(candidate);
        var created = new Pending(candidate, new CompletableFuture<>(), false);
        Pending existing = pending.putIfAbsent(taskId, created);
        return existing != null ? existing.future() : created.future();
    }

    /**
     * Workers, tasks and results of this run, read from the database now.
     *
     * @throws OpenEvolveException when the database cannot be read
     */
    public ClusterHealth health() {
        try {
            return ClusterHealth.read(database.pool(), runId, settings);
        } catch (SQLException e) {
            throw new OpenEvolveException("cannot read the health of run '" + runId + "': " + e.getMessage(), e);
        }
    }

    /** Candidates submitted and not yet answered. */
    public int inFlight() {
        return pending.size();
    }

    private Connection acquire(Connection c, boolean first) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
            s.setInt(1, ClusterSchema.LOCK_NAMESPACE);
            s.setString(2, runId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return c;
                }
            }
        }
        String holder = holder(c);
        c.close();
        throw new ControllerRefusedException((first ? "a second controller for run '" + runId + "' is refused"
                : "run '" + runId + "' was taken over while the database was unreachable")
                + ": the run is controlled by " + holder + " on " + Masking.url(settings.url())
                + "; stop that controller first (a killed controller releases the run at once)");
    }

    private String holder(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT controller, started_at FROM openevolve_cluster_runs WHERE run_id = ?")) {
            s.setString(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) + " (since " + rs.getTimestamp(2).toInstant() + ")"
                        : "another controller";
            }
        }
    }

    private void register() throws SQLException {
        try (Connection c = database.pool().getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO openevolve_cluster_runs"
                     + " (run_id, evaluator_hash, evaluator_name, controller) VALUES (?, ?, ?, ?)"
                     + " ON CONFLICT (run_id) DO UPDATE SET evaluator_hash = EXCLUDED.evaluator_hash,"
                     + " evaluator_name = EXCLUDED.evaluator_name, controller = EXCLUDED.controller,"
                     + " started_at = now()")) {
            s.setString(1, runId);
            s.setString(2, evaluator.hash());
            s.setString(3, evaluator.name());
            s.setString(4, controllerId);
            s.executeUpdate();
        }
    }

    /** Schedules new candidates, collects results and keeps the run's lease, through database outages. */
    private void sessionLoop() {
        long nextHealth = System.nanoTime() + HEALTH_EVERY.toNanos();
        boolean down = false;
        while (!closed.get()) {
            try {
                Connection c = lease;
                if (c == null || c.isClosed()) {
                    c = acquire(database.session(), false);
                    lease = c;
                    clock.synchronize(database.pool());
                }
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + ClusterWorker.RESULTS_CHANNEL);
                }
                if (down) {
                    LOG.info("run '{}': the cluster database is reachable again", runId);
                    down = false;
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed.get()) {
                    collect();
                    schedule();
                    pg.getNotifications(WAIT_MILLIS);
                    if (System.nanoTime() >= nextHealth) {
                        nextHealth = System.nanoTime() + HEALTH_EVERY.toNanos();
                        LOG.info("run '{}': {}", runId, health().summary());
                    }
                }
            } catch (ControllerRefusedException e) {
                lost = e;
                LOG.error(e.getMessage());
                pending.values().forEach(p -> p.future().completeExceptionally(e));
                return;
            } catch (SQLException | RuntimeException e) {
                dropLease();
                if (closed.get()) {
                    return;
                }
                if (!down) {
                    LOG.warn("run '{}': the cluster database is unreachable ({}); {} candidate(s) wait, retrying",
                            runId, e.getMessage(), pending.size());
                    down = true;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void collect() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(pending.keySet());
        try (Connection c = database.pool().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT task_id, result FROM openevolve_cluster_results"
                     + " WHERE run_id = ? AND task_id = ANY(?)")) {
            Array array = c.createArrayOf("text", ids.toArray());
            s.setString(1, runId);
            s.setArray(2, array);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Pending p = pending.remove(rs.getString(1));
                    if (p != null) {
                        p.future().complete(Wire.decode(rs.getString(2), Wire.Result.class).toEvaluationResult());
                    }
                }
            }
        }
    }

    private void schedule() throws SQLException {
        int scheduled = 0;
        for (var entry : pending.entrySet()) {
            Pending p = entry.getValue();
            if (p.scheduled()) {
                continue;
            }
            Candidate c = p.candidate();
            String payload = Wire.encode(new Wire.Payload(runId, c.id(), c.code(), c.language(), evaluator.hash()));
            try {
                client.scheduleIfNotExists(new TaskInstance<>(task.getTaskName(), entry.getKey(), payload),
                        clock.now());
            } catch (RuntimeException e) {
                throw new SQLException("cannot queue " + entry.getKey() + ": " + e.getMessage(), e);
            }
            pending.replace(entry.getKey(), p, p.asScheduled());
            scheduled++;
        }
        if (scheduled > 0) {
            try (Connection c = database.pool().getConnection();
                 PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                s.setString(1, ClusterWorker.TASKS_CHANNEL);
                s.setString(2, runId);
                s.execute();
            }
        }
    }

    private void dropLease() {
        Connection c = lease;
        lease = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing the lease connection: {}", e.getMessage());
            }
        }
    }

    /**
     * Stops collecting, cancels the queued tasks of candidates not yet answered (they complete as failures
     * "not evaluated: cluster evaluation closed"), and releases the run for another controller. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        session.interrupt();
        try {
            session.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        var notRun = EvaluationResult.failure("not evaluated: cluster evaluation closed", Map.of());
        for (var entry : pending.entrySet()) {
            if (entry.getValue().scheduled()) {
                try {
                    client.cancel(task.instanceId(entry.getKey()));
                } catch (RuntimeException e) {
                    LOG.debug("cannot cancel {}: {}", entry.getKey(), e.getMessage());
                }
            }
            entry.getValue().future().complete(notRun);
        }
        pending.clear();
        dropLease();
        database.close();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    /** Builds a {@link ClusterEvaluation}. Not thread safe. */
    public static final class Builder {
        private ClusterSettings settings;
        private String runId;
        private Path evaluatorFile;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Where the cluster's database is; required. */
        public Builder settings(ClusterSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The run; required. */
        public Builder runId(String runId) {
            this.runId = Objects.requireNonNull(runId, "runId");
            return this;
        }

        /** The evaluator file; workers must hold a copy with the same content. Required. */
        public Builder evaluatorFile(Path file) {
            this.evaluatorFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** This machine's clock; corrected to the database's time. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Connects and takes the run.
         *
         * @throws ControllerRefusedException when another controller holds the run
         * @throws OpenEvolveException        when the database cannot be prepared or the evaluator file read
         */
        public ClusterEvaluation build() {
            if (settings == null || runId == null || evaluatorFile == null) {
                throw new IllegalStateException("settings, runId and evaluatorFile are required");
            }
            return new ClusterEvaluation(this);
        }
    }
}
