package dev.openevolve.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.config.EvaluationConfig;
import dev.openevolve.spi.Candidate;
import dev.openevolve.spi.EvaluationRequest;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.Evaluator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EvaluatorPoolTest {

    private static EvaluationConfig config(Duration timeout, int parallelism, int retries, boolean cascade,
                                           List<Double> thresholds) {
        return new EvaluationConfig(timeout, parallelism, retries, cascade, thresholds, 256, 1 << 20);
    }

    private static Candidate candidate(String id) {
        return new Candidate(id, "code " + id, "java");
    }

    @Test
    void neverRunsMoreThanParallelismEvaluationsAtOnce() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Evaluator evaluator = request -> {
            int now = running.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            Thread.sleep(30);
            running.decrementAndGet();
            return EvaluationResult.success(Map.of("score", 1.0));
        };
        try (EvaluatorPool pool = new EvaluatorPool(evaluator, config(Duration.ofSeconds(10), 3, 0, false, List.of()))) {
            List<CompletableFuture<EvaluationResult>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(pool.submit(candidate("c" + i)));
            }
            futures.forEach(f -> assertThat(f.join().succeeded()).isTrue());
        }
        assertThat(peak.get()).isBetween(1, 3);
    }

    @Test
    void sleepingEvaluatorTimesOutWithReasonNamingTheLimit() {
        Evaluator sleeper = request -> {
            Thread.sleep(60_000);
            return EvaluationResult.success(Map.of("score", 1.0));
        };
        try (EvaluatorPool pool = new EvaluatorPool(sleeper, config(Duration.ofMillis(300), 1, 2, false, List.of()))) {
            EvaluationResult r = pool.submit(candidate("slow")).orTimeout(1300, TimeUnit.MILLISECONDS).join();
            assertThat(r.succeeded()).isFalse();
            assertThat(r.failureReason()).isEqualTo("timed out after 0.3 s (evaluation.timeout)");
        }
    }

    @Test
    void evaluatorIgnoringInterruptsCannotTakeAThreadPerTimeout() {
        CountDownLatch release = new CountDownLatch(1);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Evaluator stubborn = request -> {
            threads.add(Thread.currentThread());
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // this evaluator ignores interrupts on purpose
                }
            }
            return EvaluationResult.success(Map.of("score", 1.0));
        };
        try (EvaluatorPool pool = new EvaluatorPool(stubborn, config(Duration.ofMillis(100), 1, 0, false, List.of()))) {
            assertThat(pool.evaluate(candidate("first")).failureReason())
                    .isEqualTo("timed out after 0.1 s (evaluation.timeout)");
            for (int i = 0; i < 5; i++) {
                assertThat(pool.evaluate(candidate("c" + i)).failureReason()).isEqualTo("not evaluated: 1 timed-out"
                        + " evaluator calls ignored the interrupt and still hold their threads"
                        + " (at most evaluation.parallelism = 1 may)");
            }
            assertThat(threads).hasSize(1);

            release.countDown();
            assertThat(pool.evaluate(candidate("after")).succeeded()).isTrue();
            assertThat(threads).hasSizeLessThanOrEqualTo(2);
        }
    }

    @Test
    void timedOutCallIsInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        Evaluator sleeper = request -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return EvaluationResult.success(Map.of());
        };
        try (EvaluatorPool pool = new EvaluatorPool(sleeper, config(Duration.ofMillis(100), 1, 0, false, List.of()))) {
            assertThat(pool.evaluate(candidate("slow")).succeeded()).isFalse();
            assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void cascadeStopsBelowThresholdAsSuccessWithCascadeArtifact() {
        AtomicInteger stagesRun = new AtomicInteger();
        Evaluator staged = stagedEvaluator(stagesRun, 0.3, 0.9, 1.0);
        try (EvaluatorPool pool = new EvaluatorPool(staged, config(Duration.ofSeconds(5), 1, 0, true, List.of(0.5, 0.75)))) {
            EvaluationResult r = pool.evaluate(candidate("weak"));
            assertThat(r.succeeded()).isTrue();
            assertThat(stagesRun.get()).isEqualTo(1);
            assertThat(r.metrics()).containsEntry("combined_score", 0.3).containsEntry("stage1", 1.0);
            assertThat(r.artifacts().get("cascade"))
                    .isEqualTo("stopped after stage 1 of 3: fitness 0.3 below threshold 0.5 (evaluation.cascade_thresholds[0])");
        }
    }

    @Test
    void cascadeRunsAllStagesAboveThresholdsAndLaterMetricsWin() {
        AtomicInteger stagesRun = new AtomicInteger();
        Evaluator staged = stagedEvaluator(stagesRun, 0.6, 0.8, 0.95);
        try (EvaluatorPool pool = new EvaluatorPool(staged, config(Duration.ofSeconds(5), 1, 0, true, List.of(0.5, 0.75)))) {
            EvaluationResult r = pool.evaluate(candidate("strong"));
            assertThat(stagesRun.get()).isEqualTo(3);
            assertThat(r.metrics()).containsEntry("combined_score", 0.95)
                    .containsKeys("stage1", "stage2", "stage3");
            assertThat(r.artifacts()).doesNotContainKey("cascade");
        }
    }

    @Test
    void withCascadeOffEveryStageRuns() {
        AtomicInteger stagesRun = new AtomicInteger();
        Evaluator staged = stagedEvaluator(stagesRun, 0.1, 0.1, 0.1);
        try (EvaluatorPool pool = new EvaluatorPool(staged, config(Duration.ofSeconds(5), 1, 0, false, List.of(0.5)))) {
            assertThat(pool.evaluate(candidate("any")).succeeded()).isTrue();
            assertThat(stagesRun.get()).isEqualTo(3);
        }
    }

    @Test
    void failingStageStopsTheCascadeAndNamesTheStage() {
        Evaluator evaluator = new Evaluator() {
            @Override
            public int stages() {
                return 2;
            }

            @Override
            public EvaluationResult evaluate(EvaluationRequest request) {
                return request.stage() == 1 ? EvaluationResult.success(Map.of("combined_score", 0.9))
                        : EvaluationResult.failure("wrong answer", Map.of("stderr", "bad"));
            }
        };
        try (EvaluatorPool pool = new EvaluatorPool(evaluator, config(Duration.ofSeconds(5), 1, 0, true, List.of(0.5)))) {
            EvaluationResult r = pool.evaluate(candidate("x"));
            assertThat(r.failureReason()).isEqualTo("stage 2 of 2: wrong answer");
            assertThat(r.artifacts()).containsEntry("stderr", "bad");
        }
    }

    @Test
    void retriesEvaluatorErrorsUntilSuccess() {
        AtomicInteger calls = new AtomicInteger();
        Evaluator flaky = request -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("flaky backend");
            }
            return EvaluationResult.success(Map.of("score", 0.7));
        };
        try (EvaluatorPool pool = new EvaluatorPool(flaky, config(Duration.ofSeconds(5), 1, 3, false, List.of()))) {
            EvaluationResult r = pool.evaluate(candidate("x"));
            assertThat(r.succeeded()).isTrue();
            assertThat(r.metric("score")).hasValue(0.7);
            assertThat(calls.get()).isEqualTo(3);
        }
    }

    @Test
    void givesUpAfterMaxRetriesNamingTheError() {
        AtomicInteger calls = new AtomicInteger();
        Evaluator broken = request -> {
            calls.incrementAndGet();
            throw new IllegalStateException("backend down");
        };
        try (EvaluatorPool pool = new EvaluatorPool(broken, config(Duration.ofSeconds(5), 1, 2, false, List.of()))) {
            EvaluationResult r = pool.evaluate(candidate("x"));
            assertThat(r.failureReason()).isEqualTo("evaluator error after 3 attempts: backend down");
            assertThat(calls.get()).isEqualTo(3);
        }
    }

    @Test
    void neverRetriesCandidateFailures() {
        AtomicInteger calls = new AtomicInteger();
        Evaluator rejecting = request -> {
            calls.incrementAndGet();
            return EvaluationResult.failure("does not compile: x", Map.of());
        };
        try (EvaluatorPool pool = new EvaluatorPool(rejecting, config(Duration.ofSeconds(5), 1, 3, false, List.of()))) {
            assertThat(pool.evaluate(candidate("x")).failureReason()).isEqualTo("does not compile: x");
            assertThat(calls.get()).isEqualTo(1);
        }
    }

    @Test
    void evaluatorReturningNullIsAnEvaluatorError() {
        try (EvaluatorPool pool = new EvaluatorPool(request -> null, config(Duration.ofSeconds(5), 1, 0, false, List.of()))) {
            assertThat(pool.evaluate(candidate("x")).failureReason())
                    .isEqualTo("evaluator error after 1 attempt: evaluator returned null");
        }
    }

    @Test
    void closeCompletesQueuedCandidatesAsNotEvaluated() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Evaluator blocking = request -> {
            started.countDown();
            Thread.sleep(60_000);
            return EvaluationResult.success(Map.of());
        };
        EvaluatorPool pool = new EvaluatorPool(blocking, config(Duration.ofSeconds(30), 1, 0, false, List.of()));
        CompletableFuture<EvaluationResult> first = pool.submit(candidate("a"));
        CompletableFuture<EvaluationResult> queued = pool.submit(candidate("b"));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        pool.close();
        assertThat(queued.get(5, TimeUnit.SECONDS).failureReason()).isEqualTo("not evaluated: evaluator pool closed");
        assertThat(first.get(5, TimeUnit.SECONDS).succeeded()).isFalse();
        assertThatThrownBy(() -> pool.submit(candidate("c"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("evaluator pool is closed");
    }

    @Test
    void rejectsInvalidConfigNamingEveryKey() {
        assertThatThrownBy(() -> new EvaluatorPool(request -> null, config(Duration.ofSeconds(1), 0, -1, false, List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid evaluation config: evaluation.parallelism must be at least 1 but was '0'; "
                        + "evaluation.max_retries must be at least 0 but was '-1'");
    }

    private static Evaluator stagedEvaluator(AtomicInteger stagesRun, double... scores) {
        return new Evaluator() {
            @Override
            public int stages() {
                return scores.length;
            }

            @Override
            public EvaluationResult evaluate(EvaluationRequest request) {
                stagesRun.incrementAndGet();
                int s = request.stage();
                return EvaluationResult.success(Map.of("combined_score", scores[s - 1], "stage" + s, 1.0));
            }
        };
    }
}
