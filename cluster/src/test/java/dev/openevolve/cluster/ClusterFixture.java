package dev.openevolve.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.Controller;
import dev.openevolve.RunResult;
import dev.openevolve.config.EngineConfig;
import dev.openevolve.config.EvaluationConfig;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.config.StorageConfig;
import dev.openevolve.evaluation.CommandEvaluator;
import dev.openevolve.internal.llm.MutationModel;
import dev.openevolve.spi.Program;
import dev.openevolve.internal.store.memory.MemoryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One cluster run for a test: a random schema, a sleep-bound command evaluator (a bash script scoring the
 * {@code x} of a tiny Python program), worker configuration files, a controller in this JVM on a memory store,
 * and the checks every fault test makes: the run finished, and each candidate was recorded exactly once.
 */
final class ClusterFixture implements AutoCloseable {
    static final String PROGRAM = """
            # EVOLVE-BLOCK-START
            x = 1.0
            y = 2.0
            # EVOLVE-BLOCK-END
            print(x, y)
            """;

    final PgSchema db = new PgSchema();
    final Path dir;
    final Path evaluator;
    final String runId = "run-" + db.schema.substring(11, 19);
    final MemoryStore store = MemoryStore.create();
    private final List<WorkerProcess> workers = new ArrayList<>();

    ClusterFixture(Path dir, double sleepSeconds) throws IOException {
        this.dir = dir;
        this.evaluator = script("evaluator.sh", sleepSeconds, "");
    }

    /** A scoring script; {@code variant} changes its text (and so its hash) without changing the scores. */
    Path script(String name, double sleepSeconds, String variant) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/bash\n# " + variant + "\nsleep " + sleepSeconds + "\n"
                + "x=$(grep -oE '^x = [-0-9.eE+]+' \"$1\" | head -1 | awk '{print $3}')\n"
                + "awk -v x=\"$x\" 'BEGIN { d = x - 3; if (d < 0) d = -d; "
                + "printf \"{\\\"combined_score\\\": %.6f}\\n\", 1 / (1 + d) }'\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** A worker configuration file for this run, through {@code port}. */
    Path workerConfig(String name, Path evaluatorFile, int port, int threads) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, String.join("\n",
                "database:",
                "  provider: jdbc",
                "  url: \"" + db.url(port) + "\"",
                "  user: " + PgSchema.USER,
                "  password: \"" + PgSchema.PASSWORD + "\"",
                "evaluation:",
                "  timeout: 30",
                "  max_retries: 0",
                "  memory_limit_mb: 256",
                "worker:",
                "  run: " + runId,
                "  evaluator: " + evaluatorFile.getFileName(),
                "  threads: " + threads,
                "  join_timeout: 120",
                "  poll_interval: 1",
                "  heartbeat_interval: 1",
                "  missed_heartbeats: 4",
                ""));
        return file;
    }

    WorkerProcess worker(String name, int port) throws IOException {
        WorkerProcess w = WorkerProcess.command(workerConfig(name, evaluator, port, 1), dir, name);
        workers.add(w);
        return w;
    }

    /** A worker process whose clock is {@code offset} away from the real time. */
    WorkerProcess skewedWorker(String name, Duration offset) throws IOException {
        return track(WorkerProcess.start(SkewedWorkerMain.class.getName(), List.of(db.url(), PgSchema.USER,
                PgSchema.PASSWORD, runId, evaluator.toString(), String.valueOf(offset.toSeconds())), dir, name));
    }

    WorkerProcess track(WorkerProcess w) {
        workers.add(w);
        return w;
    }

    OpenEvolveConfig config(int iterations, int port) {
        return OpenEvolveConfig.builder()
                .engine(EngineConfig.defaults().withMaxIterations(iterations).withParallelIterations(4)
                        .withLanguage("python").withRandomSeed(7).withCheckpointInterval(5))
                .evaluation(EvaluationConfig.defaults().withTimeout(Duration.ofSeconds(30)).withMaxRetries(0)
                        .withExecutor("cluster"))
                .database(StorageConfig.defaults().withProvider("jdbc").withUrl(db.url(port))
                        .withUser(PgSchema.USER).withPassword(PgSchema.PASSWORD))
                .build();
    }

    Controller controller(OpenEvolveConfig config, CommandEvaluator local) {
        return Controller.builder().config(config).runId(runId).initialProgram(PROGRAM).evaluator(local)
                .evaluatorSource(evaluator).languageModel(MutationModel.defaults()).store(store).build();
    }

    CommandEvaluator localEvaluator() {
        return CommandEvaluator.builder().command(List.of(evaluator.toString())).build();
    }

    /** Runs the controller in the background. */
    CompletableFuture<RunResult> runInBackground(Controller controller) {
        return CompletableFuture.supplyAsync(controller::run);
    }

    /**
     * Waits until one of {@code candidates} is evaluating and at least {@code results} results are recorded, then
     * freezes that worker (SIGSTOP) and returns {@code "pid task"}. The attempt is checked again once the worker is
     * frozen and a commit it had already sent has had time to land: a worker that finished in between is let go and
     * the wait goes on, so the caller holds a worker that cannot write anything for a task it has not finished.
     */
    String freezeMidEvaluation(List<WorkerProcess> candidates, long results, Duration timeout)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (db.count("SELECT count(*) FROM openevolve_cluster_results") >= results) {
                for (WorkerProcess w : candidates) {
                    var rows = unfinishedTasks(w);
                    if (rows.isEmpty()) {
                        continue;
                    }
                    String task = rows.get(0);
                    w.signal("STOP");
                    Thread.sleep(300);
                    if (unfinishedTasks(w).contains(task) && db.count("SELECT count(*) FROM"
                            + " openevolve_cluster_results WHERE task_id = '" + task + "'") == 0) {
                        return w.pid() + " " + task;
                    }
                    w.signal("CONT");
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no worker was mid-evaluation within " + timeout + "; logs:\n" + logs());
    }

    private List<String> unfinishedTasks(WorkerProcess w) {
        return db.rows("SELECT task_id FROM openevolve_cluster_attempts WHERE finished_at IS NULL"
                + " AND worker_id LIKE '%/" + w.pid() + "/%'").stream().map(r -> r.get(0)).toList();
    }

    /**
     * The run's invariants: every candidate the controller stored has exactly one recorded result, with its
     * metrics; every recorded result belongs to a stored candidate; no task is left; no result was recorded twice
     * (one finished attempt per result).
     */
    void assertEachCandidateRecordedOnce(RunResult result, int iterations) {
        assertEachCandidateRecordedOnce(result, iterations, false);
    }

    /** As above; {@code repeatsAllowed}: a fault may make two workers evaluate one candidate, but one records it. */
    void assertEachCandidateRecordedOnce(RunResult result, int iterations, boolean repeatsAllowed) {
        assertThat(result.iterations()).as("iterations committed").isEqualTo(iterations);
        Map<String, Program> candidates = store.programs().list(runId).stream()
                .filter(p -> p.id().matches("p\\d+"))
                .collect(Collectors.toMap(Program::id, Function.identity()));
        var recorded = db.rows("SELECT program_id, result, worker_id FROM openevolve_cluster_results WHERE run_id = '"
                + runId + "'");
        Map<String, List<List<String>>> byProgram = recorded.stream().collect(Collectors.groupingBy(r -> r.get(0)));
        assertThat(byProgram.keySet()).as("programs with a recorded result").isEqualTo(candidates.keySet());
        byProgram.forEach((id, rows) -> {
            assertThat(rows).as("results recorded for " + id).hasSize(1);
            var stored = Wire.decode(rows.get(0).get(1), Wire.Result.class);
            assertThat(candidates.get(id).metrics()).as("metrics of " + id).isEqualTo(stored.metrics());
        });
        long finished = db.count("SELECT count(*) FROM openevolve_cluster_attempts WHERE finished_at IS NOT NULL");
        if (repeatsAllowed) {
            assertThat(finished).as("finished evaluations").isGreaterThanOrEqualTo(recorded.size());
        } else {
            assertThat(finished).as("finished evaluations (one per recorded result; more would mean a candidate"
                    + " evaluated twice)").isEqualTo(recorded.size());
        }
        assertThat(db.count("SELECT count(*) FROM scheduled_tasks")).as("tasks left").isZero();
        assertThat(candidates).as("candidates").hasSizeGreaterThan(iterations / 2);
    }

    String logs() {
        var sb = new StringBuilder();
        for (WorkerProcess w : workers) {
            sb.append("--- worker ").append(w.pid()).append('\n').append(w.log());
        }
        return sb.toString();
    }

    @Override
    public void close() {
        for (WorkerProcess w : workers) {
            w.close();
        }
        db.close();
    }
}
