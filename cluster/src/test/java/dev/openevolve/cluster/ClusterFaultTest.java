package dev.openevolve.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.RunResult;
import dev.openevolve.StopReason;
import dev.openevolve.store.jdbc.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The faults users meet, with real worker processes on the local PostgreSQL. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterFaultTest {
    @TempDir
    Path dir;

    @Test
    void workerWithADifferentEvaluatorIsRefusedAndTheRunFinishesWithoutIt() throws Exception {
        int iterations = 8;
        try (var f = new ClusterFixture(dir, 0.1)) {
            f.worker("good", PgSchema.PORT);
            Path other = f.script("other-evaluator.sh", 0.1, "a different copy");
            try (var local = f.localEvaluator(); var controller = f.controller(f.config(iterations, PgSchema.PORT), local)) {
                var run = f.runInBackground(controller);
                var stranger = f.track(WorkerProcess.command(f.workerConfig("stranger", other, PgSchema.PORT, 1), dir,
                        "stranger"));

                assertThat(stranger.awaitExit(60)).as(stranger.log()).isEqualTo(3);
                assertThat(stranger.log()).contains("worker refused for run '" + f.runId + "'")
                        .contains("other-evaluator.sh").contains("differs from the run's evaluator evaluator.sh");
                RunResult result = run.get(120, TimeUnit.SECONDS);
                assertThat(result.reason()).as(f.logs()).isEqualTo(StopReason.MAX_ITERATIONS);
                f.assertEachCandidateRecordedOnce(result, iterations);
                assertThat(f.db.count("SELECT count(*) FROM openevolve_cluster_results WHERE worker_id LIKE '%/"
                        + stranger.pid() + "/%'")).isZero();
                assertThat(controller.config().evaluation().executor()).isEqualTo("cluster");
            }
        }
    }

    @Test
    void workerStopsWhenTheRunRestartsWithAnotherEvaluator() throws Exception {
        try (var f = new ClusterFixture(dir, 0.1)) {
            var old = f.worker("old", PgSchema.PORT);
            try (var first = ClusterEvaluation.builder().settings(f.db.settings()).runId(f.runId)
                    .evaluatorFile(f.evaluator).build()) {
                assertThat(first.submit(new dev.openevolve.spi.Candidate("p1", "x = 1\n", "python"))
                        .get(60, TimeUnit.SECONDS).succeeded()).as(f.logs()).isTrue();
            }
            Path changed = f.script("evaluator-v2.sh", 0.1, "version 2");
            try (var second = ClusterEvaluation.builder().settings(f.db.settings()).runId(f.runId)
                    .evaluatorFile(changed).build()) {
                var result = second.submit(new dev.openevolve.spi.Candidate("p2", "x = 2\n", "python"));

                assertThat(old.awaitExit(60)).as(old.log()).isEqualTo(3);
                assertThat(old.log()).contains("the run's evaluator changed");
                var fresh = f.track(WorkerProcess.command(f.workerConfig("fresh", changed, PgSchema.PORT, 1), dir,
                        "fresh"));
                assertThat(result.get(60, TimeUnit.SECONDS).fitness()).as(f.logs()).isEqualTo(0.5);
                assertThat(f.db.rows("SELECT worker_id FROM openevolve_cluster_results WHERE program_id = 'p2'"))
                        .hasSize(1).allMatch(r -> r.get(0).contains("/" + fresh.pid() + "/"));
            }
        }
    }

    @Test
    void secondControllerForOneRunIsRefusedAndTheFirstFinishes() throws Exception {
        int iterations = 8;
        try (var f = new ClusterFixture(dir, 0.1)) {
            f.worker("w1", PgSchema.PORT);
            var config = f.config(iterations, PgSchema.PORT);
            try (var local = f.localEvaluator(); var first = f.controller(config, local)) {
                var run = f.runInBackground(first);
                assertThatThrownBy(() -> f.controller(config, local))
                        .isInstanceOf(ControllerRefusedException.class)
                        .hasMessageContaining("a second controller for run '" + f.runId + "' is refused")
                        .hasMessageContaining("the run is controlled by ");
                RunResult result = run.get(120, TimeUnit.SECONDS);
                assertThat(result.reason()).as(f.logs()).isEqualTo(StopReason.MAX_ITERATIONS);
                f.assertEachCandidateRecordedOnce(result, iterations);
            }
            try (var local = f.localEvaluator(); var next = f.controller(config, local)) {
                assertThat(next.runId()).as("a closed controller releases the run").isEqualTo(f.runId);
            }
        }
    }

    @Test
    void workersWhoseClocksAreOffByMinutesShareTheRunWithoutStealingTasks() throws Exception {
        int iterations = 12;
        try (var f = new ClusterFixture(dir, 0.3)) {
            var behind = f.skewedWorker("behind", Duration.ofMinutes(-7));
            var ahead = f.skewedWorker("ahead", Duration.ofMinutes(5));
            try (var local = f.localEvaluator(); var controller = f.controller(f.config(iterations, PgSchema.PORT), local)) {
                RunResult result = f.runInBackground(controller).get(180, TimeUnit.SECONDS);

                assertThat(result.reason()).as(f.logs()).isEqualTo(StopReason.MAX_ITERATIONS);
                // uncorrected, the worker 5 min ahead would find the other's heartbeats dead and take its tasks
                // (candidates evaluated twice), and the one 7 min behind would never find a task due
                f.assertEachCandidateRecordedOnce(result, iterations);
                for (WorkerProcess w : new WorkerProcess[] {behind, ahead}) {
                    assertThat(f.db.count("SELECT count(*) FROM openevolve_cluster_results WHERE worker_id LIKE '%/"
                            + w.pid() + "/%'")).as("results of worker %d\n%s", w.pid(), f.logs()).isPositive();
                }
            }
        }
    }

    @Test
    void frozenWorkerAndItsReplacementBothFinishButTheResultIsRecordedOnce() throws Exception {
        try (var f = new ClusterFixture(dir, 2.0)) {
            var a = f.worker("a", PgSchema.PORT);
            var b = f.worker("b", PgSchema.PORT);
            try (var cluster = ClusterEvaluation.builder().settings(f.db.settings()).runId(f.runId)
                    .evaluatorFile(f.evaluator).build()) {
                var result = cluster.submit(new dev.openevolve.spi.Candidate("p1", "x = 2.0\n", "python"));
                String first = f.freezeMidEvaluation(java.util.List.of(a, b), 0, Duration.ofSeconds(60));
                var frozen = first.startsWith(a.pid() + " ") ? a : b;
                var other = frozen == a ? b : a;
                try {
                    assertThat(result.get(60, TimeUnit.SECONDS).fitness()).isEqualTo(0.5);
                } finally {
                    frozen.signal("CONT");
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (f.db.count("SELECT count(*) FROM openevolve_cluster_attempts WHERE finished_at IS NOT NULL") < 2
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(f.db.count("SELECT count(*) FROM openevolve_cluster_attempts WHERE finished_at IS NOT NULL"))
                        .as("both evaluations finished\n%s", f.logs()).isEqualTo(2);
                assertThat(f.db.rows("SELECT worker_id FROM openevolve_cluster_results")).as("recorded once, by the"
                        + " replacement").hasSize(1).allMatch(r -> r.get(0).contains("/" + other.pid() + "/"));
                assertThat(frozen.log()).contains("was recorded by another worker first; this result is dropped");
            }
        }
    }

    @Test
    void databaseUnreachableForAWhileDuringTheRunLosesNoCandidate() throws Exception {
        int iterations = 16;
        try (var f = new ClusterFixture(dir, 0.3); var proxy = new TcpProxy(PgSchema.HOST, PgSchema.PORT).start()) {
            f.worker("w1", proxy.port());
            f.worker("w2", proxy.port());
            try (var local = f.localEvaluator();
                 var controller = f.controller(f.config(iterations, proxy.port()), local)) {
                var run = f.runInBackground(controller);
                while (f.db.count("SELECT count(*) FROM openevolve_cluster_results") < 4) {
                    Thread.sleep(50);
                }
                proxy.stop();
                long recordedAtCut = f.db.count("SELECT count(*) FROM openevolve_cluster_results");
                Thread.sleep(8_000);   // longer than the 4 s after which a silent worker's tasks count as dead
                assertThat(run).as("the run waits for the database").isNotDone();
                assertThat(f.db.count("SELECT count(*) FROM openevolve_cluster_results")).isEqualTo(recordedAtCut);
                proxy.start();
                RunResult result = run.get(180, TimeUnit.SECONDS);

                assertThat(result.reason()).as(f.logs()).isEqualTo(StopReason.MAX_ITERATIONS);
                f.assertEachCandidateRecordedOnce(result, iterations, true);
            }
        }
    }
}
