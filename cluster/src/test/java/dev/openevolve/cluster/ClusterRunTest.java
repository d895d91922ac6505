package dev.openevolve.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.RunResult;
import dev.openevolve.StopReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A controller and real worker processes on the local PostgreSQL. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterRunTest {
    @TempDir
    Path dir;

    @Test
    void killedWorkerMidRunLosesNoCandidateAndNoneIsRecordedTwice() throws Exception {
        int iterations = 24;
        try (var f = new ClusterFixture(dir, 0.4)) {
            var first = f.worker("w1", PgSchema.PORT);
            var second = f.worker("w2", PgSchema.PORT);
            var third = f.worker("w3", PgSchema.PORT);
            try (var local = f.localEvaluator(); var controller = f.controller(f.config(iterations, PgSchema.PORT), local)) {
                var run = f.runInBackground(controller);
                String victim = f.freezeMidEvaluation(List.of(first), 4, Duration.ofSeconds(90));
                first.kill();
                RunResult result = run.get(180, TimeUnit.SECONDS);

                assertThat(result.reason()).as(f.logs()).isEqualTo(StopReason.MAX_ITERATIONS);
                f.assertEachCandidateRecordedOnce(result, iterations);
                String task = victim.split(" ")[1];
                assertThat(f.db.rows("SELECT worker_id FROM openevolve_cluster_results WHERE task_id = '" + task + "'"))
                        .as("the killed worker's candidate %s was evaluated by another worker", task)
                        .hasSize(1).noneMatch(r -> r.get(0).contains("/" + first.pid() + "/"));
                assertThat(second.alive() && third.alive()).isTrue();
            }
        }
    }
}
