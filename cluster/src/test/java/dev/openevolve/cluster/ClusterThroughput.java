package dev.openevolve.cluster;

import dev.openevolve.config.EvaluationConfig;
import dev.openevolve.evaluation.EvaluatorPool;
import dev.openevolve.spi.Candidate;
import dev.openevolve.spi.EvaluationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Throughput harness (not a unit test): a sleep-bound evaluator (bash, {@code sleep 1}) scored locally and by 1, 2,
 * 4 and 8 worker processes through the cluster on the local PostgreSQL. Prints the per-task overhead of the queue
 * (one candidate in flight, cluster vs local {@link EvaluatorPool}) and throughput against the ideal
 * {@code workers / local seconds per candidate}.
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test -pl cluster -am
 * java -cp cluster/target/test-classes:cluster/target/classes:$(cat /tmp/cp.txt) dev.openevolve.cluster.ClusterThroughput [workers=1,2,4,8] [tasks per worker=6] [sleep s=1]
 * </pre>
 */
public final class ClusterThroughput {
    private ClusterThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int[] counts = Arrays.stream((args.length > 0 ? args[0] : "1,2,4,8").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int perWorker = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        double sleep = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        int sequential = 5;
        Path dir = Files.createTempDirectory("openevolve-throughput-");

        double localSeconds;
        double clusterSeconds;
        try (var f = new ClusterFixture(dir.resolve("latency").toFile().mkdirs() ? dir.resolve("latency") : dir, sleep);
             var local = f.localEvaluator();
             var pool = new EvaluatorPool(local, EvaluationConfig.defaults().withParallelism(1).withMaxRetries(0))) {
            pool.evaluate(candidate(-1));   // warm up
            long t0 = System.nanoTime();
            for (int i = 0; i < sequential; i++) {
                check(pool.evaluate(candidate(i)));
            }
            localSeconds = (System.nanoTime() - t0) / 1e9 / sequential;
            try (var cluster = ClusterEvaluation.builder().settings(f.db.settings()).runId(f.runId)
                    .evaluatorFile(f.evaluator).build()) {
                f.worker("latency", PgSchema.PORT);
                awaitWorkers(cluster, 1);
                check(cluster.evaluate(candidate(-1)));
                long t1 = System.nanoTime();
                for (int i = 0; i < sequential; i++) {
                    check(cluster.evaluate(candidate(i)));
                }
                clusterSeconds = (System.nanoTime() - t1) / 1e9 / sequential;
            }
        }
        System.out.printf(Locale.ROOT, "per candidate, one in flight: local %.1f ms, cluster (1 worker) %.1f ms;"
                + " queue overhead %.1f ms per task%n", localSeconds * 1e3, clusterSeconds * 1e3,
                (clusterSeconds - localSeconds) * 1e3);

        System.out.println("workers  candidates  seconds  candidates/s  ideal/s  efficiency");
        for (int n : counts) {
            Path runDir = Files.createDirectories(dir.resolve("w" + n));
            try (var f = new ClusterFixture(runDir, sleep);
                 var cluster = ClusterEvaluation.builder().settings(f.db.settings()).runId(f.runId)
                         .evaluatorFile(f.evaluator).build()) {
                for (int w = 0; w < n; w++) {
                    f.worker("w" + w, PgSchema.PORT);
                }
                awaitWorkers(cluster, n);
                int total = n * perWorker;
                long t0 = System.nanoTime();
                List<CompletableFuture<EvaluationResult>> futures = new ArrayList<>();
                for (int i = 0; i < total; i++) {
                    futures.add(cluster.submit(candidate(i)));
                }
                futures.forEach(fu -> check(fu.join()));
                double seconds = (System.nanoTime() - t0) / 1e9;
                double rate = total / seconds;
                double ideal = n / localSeconds;
                System.out.printf(Locale.ROOT, "%7d  %10d  %7.2f  %12.2f  %7.2f  %9.0f%%%n", n, total, seconds, rate,
                        ideal, 100 * rate / ideal);
            }
        }
    }

    private static Candidate candidate(int i) {
        return new Candidate("p" + (i + 1000), "x = " + i + "\n", "python");
    }

    private static void check(EvaluationResult r) {
        if (!r.succeeded()) {
            throw new IllegalStateException("evaluation failed: " + r.failureReason() + " " + r.artifacts());
        }
    }

    private static void awaitWorkers(ClusterEvaluation cluster, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (cluster.health().workersAlive() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + cluster.health().workersAlive() + " of " + n
                        + " workers joined");
            }
            Thread.sleep(100);
        }
    }
}
