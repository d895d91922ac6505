package dev.openevolve.server;

import static dev.openevolve.server.ApiFixture.OPERATOR;
import static dev.openevolve.server.ApiFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.Controller;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.llm.MutationModel;
import dev.openevolve.spi.AuditEntry;
import dev.openevolve.spi.EvaluationRequest;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.store.memory.MemoryStore;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code trigger-evolution} against a real controller: 202, then 409 while the cycle runs, events and audit. */
class TriggerEvolutionTest {
    private static final String PROGRAM = "# EVOLVE-BLOCK-START\nx = 1.0\n# EVOLVE-BLOCK-END\n";
    private static final Pattern X = Pattern.compile("(?m)^x = (\\S+)$");

    /** Scores how close x is to 3; candidates after the initial program wait for the gate to open. */
    private static final class GatedEvaluator implements Evaluator {
        final CountDownLatch gate = new CountDownLatch(1);

        @Override
        public EvaluationResult evaluate(EvaluationRequest request) throws Exception {
            if (!request.candidate().id().equals("p0") && !gate.await(60, TimeUnit.SECONDS)) {
                return EvaluationResult.failure("gate never opened", Map.of());
            }
            var m = X.matcher(request.candidate().code());
            if (!m.find()) {
                return EvaluationResult.failure("no x", Map.of());
            }
            double x = Double.parseDouble(m.group(1));
            return EvaluationResult.success(Map.of(EvaluationResult.COMBINED_SCORE, 1 / (1 + Math.abs(x - 3))), Map.of());
        }
    }

    @Test
    void triggerStartsACycleRefusesASecondOneAndRecordsBoth() throws Exception {
        var evaluator = new GatedEvaluator();
        var defaults = OpenEvolveConfig.defaults();
        var config = defaults.toBuilder().engine(defaults.engine().withMaxIterations(4)).build();
        try (var store = MemoryStore.create();
             var controller = Controller.builder().config(config).runId("api-run").initialProgram(PROGRAM)
                     .evaluator(evaluator).languageModel(MutationModel.defaults()).store(store).build();
             var server = OptimizationApiTest.serve(OptimizationApi.builder()
                     .service(StoreOptimizationService.builder().store(store).controller(controller).build())
                     .tokens(ApiFixture.tokens()).build())) {
            var http = new ApiFixture(server);

            var started = http.post("/api/v1/trigger-evolution", OPERATOR, "{\"context\": {\"event\": \"ci_complete\"}}");
            var again = http.post("/api/v1/trigger-evolution", OPERATOR, "{}");
            var health = http.get("/health", null);
            evaluator.gate.countDown();

            assertThat(started.status()).isEqualTo(202);
            assertThat(started.json().path("status").asText()).isEqualTo("started");
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.json().path("message").asText())
                    .isEqualTo("an evolution cycle of run 'api-run' is already running");
            assertThat(health.json().path("components").path("evaluator_pool").path("state").asText()).isEqualTo("RUNNING");
            assertThat(health.json().path("components").path("model").path("state").asText()).isEqualTo("CONFIGURED");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (controller.isRunning() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            var events = http.get("/api/v1/events", VIEWER).json().path("events");
            for (int i = 0; i < 100 && events.size() < 2; i++) {
                Thread.sleep(50);
                events = http.get("/api/v1/events", VIEWER).json().path("events");
            }
            assertThat(events.findValuesAsText("type")).containsExactly("cycle.started", "cycle.finished");
            assertThat(events.get(0).path("attributes").path("event").asText()).isEqualTo("ci_complete");
            assertThat(events.get(1).path("attributes").path("reason").asText()).isEqualTo("MAX_ITERATIONS");
            assertThat(store.programs().list("api-run")).hasSizeGreaterThan(1);
            assertThat(store.audit().find(Instant.EPOCH, Instant.now().plusSeconds(60), 10)).singleElement()
                    .satisfies(e -> {
                        assertThat(e.actor()).isEqualTo("otto-operator");
                        assertThat(e.action()).isEqualTo("evolution.trigger");
                        assertThat(e.detail()).isEqualTo("context {event=ci_complete}");
                        assertThat(e.origin()).isEqualTo("127.0.0.1");
                    });
            assertThat(http.get("/report", VIEWER).body()).contains("<svg class=\"score-chart\"");
        }
    }

    @Test
    void evolutionFlagOffRefusesTheTriggerWith409() {
        var defaults = OpenEvolveConfig.defaults();
        try (var store = MemoryStore.create();
             var controller = Controller.builder().config(defaults).initialProgram(PROGRAM)
                     .evaluator(new GatedEvaluator()).languageModel(MutationModel.defaults()).store(store).build();
             var server = OptimizationApiTest.serve(OptimizationApi.builder()
                     .service(StoreOptimizationService.builder().store(store).controller(controller).build())
                     .tokens(ApiFixture.tokens()).build())) {
            var http = new ApiFixture(server);
            assertThat(http.put("/api/v1/flags/evolution", ApiFixture.ADMIN, "{\"enabled\": false}").status())
                    .isEqualTo(200);

            var refused = http.post("/api/v1/trigger-evolution", OPERATOR, "{}");

            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.json().path("message").asText()).isEqualTo("flag 'evolution' is off");
            assertThat(controller.isRunning()).isFalse();
            assertThat(store.audit().find(Instant.EPOCH, Instant.now().plusSeconds(60), 10))
                    .extracting(AuditEntry::action).containsExactly("flag.set");
        }
    }
}
