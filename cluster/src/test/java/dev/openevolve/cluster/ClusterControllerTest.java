package dev.openevolve.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.spi.Candidate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The controller's side of a run: one controller at a time, a killed one releases the run, results are reused. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterControllerTest {
    @TempDir
    Path dir;

    @Test
    void runHeldByAnotherProcessIsRefusedUntilThatProcessIsKilled() throws Exception {
        try (var f = new ClusterFixture(dir, 0.1)) {
            var holder = f.track(WorkerProcess.start(HoldRunMain.class.getName(), List.of(f.db.url(), PgSchema.USER,
                    PgSchema.PASSWORD, f.runId, f.evaluator.toString()), dir, "holder"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!holder.log().contains("holding run") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(holder.log()).contains("holding run");

            assertThatThrownBy(() -> build(f)).isInstanceOf(ControllerRefusedException.class)
                    .hasMessageContaining("a second controller for run '" + f.runId + "' is refused")
                    .hasMessageContaining("/" + holder.pid() + " (since ");

            holder.kill();
            try (var taken = build(f)) {
                assertThat(taken.inFlight()).as("the run is free once its controller died").isZero();
            }
        }
    }

    @Test
    void candidateWithARecordedResultIsAnsweredWithoutBeingEvaluatedAgain() throws Exception {
        try (var f = new ClusterFixture(dir, 0.1)) {
            var candidate = new Candidate("p1", "x = 2.5\n", "python");
            var worker = f.worker("w1", PgSchema.PORT);
            double score;
            try (var first = build(f)) {
                var result = first.submit(candidate).get(60, TimeUnit.SECONDS);
                assertThat(result.succeeded()).as(f.logs()).isTrue();
                score = result.fitness();
            }
            worker.close();

            try (var resumed = build(f)) {
                var again = resumed.submit(candidate).get(30, TimeUnit.SECONDS);
                assertThat(again.fitness()).isEqualTo(score).isEqualTo(1 / 1.5, org.assertj.core.data.Offset.offset(1e-6));
                var changed = resumed.submit(new Candidate("p1", "x = 2.0\n", "python"));
                Thread.sleep(1500);
                assertThat(changed).as("same id, other code: a new task, not the old result").isNotDone();
                assertThat(resumed.health().queued()).isEqualTo(1);
            }
            assertThat(f.db.count("SELECT count(*) FROM openevolve_cluster_attempts")).as("evaluations").isEqualTo(1);
            assertThat(f.db.count("SELECT count(*) FROM scheduled_tasks")).as("closing cancels what was queued").isZero();
        }
    }

    private static ClusterEvaluation build(ClusterFixture f) {
        return ClusterEvaluation.builder().settings(f.db.settings()).runId(f.runId).evaluatorFile(f.evaluator).build();
    }
}
