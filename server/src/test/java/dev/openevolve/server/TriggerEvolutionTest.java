package dev.openevolve.server;

import static dev.openevolve.server.ApiFixture.ADMIN;
import static dev.openevolve.server.ApiFixture.OPERATOR;
import static dev.openevolve.server.ApiFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.internal.llm.MutationModel;
import dev.openevolve.loop.EvolutionTarget;
import dev.openevolve.loop.OptimizationLoop;
import dev.openevolve.loop.Phase;
import dev.openevolve.spi.AuditEntry;
import dev.openevolve.spi.EvaluationRequest;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.internal.store.memory.MemoryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code trigger-evolution} through the loop: 202, the loop's evolution events, 409 by phase and flag, audit. */
class TriggerEvolutionTest {
    private static final String PROGRAM = "# EVOLVE-BLOCK-START\nx = 1.0\n# EVOLVE-BLOCK-END\n";
    private static final Pattern X = Pattern.compile("(?m)^x = (\\S+)$");
    private static final String BODY = "{\"component\": \"pricing\", \"operation\": \"quote\", \"context\": {\"event\":"
            + " \"ci_complete\"}}";

    /** Scores how close x is to 3. */
    private static final class DistanceEvaluator implements Evaluator {
        @Override
        public EvaluationResult evaluate(EvaluationRequest request) {
            var m = X.matcher(request.candidate().code());
            if (!m.find()) {
                return EvaluationResult.failure("no x", Map.of());
            }
            double x = Double.parseDouble(m.group(1));
            return EvaluationResult.success(Map.of(EvaluationResult.COMBINED_SCORE, 1 / (1 + Math.abs(x - 3))), Map.of());
        }
    }

    private static EvolutionTarget target() {
        var defaults = OpenEvolveConfig.defaults();
        var config = defaults.toBuilder().engine(defaults.engine().withMaxIterations(4)).build();
        return new EvolutionTarget("pricing", "quote", PROGRAM, new DistanceEvaluator(), config, MutationModel.defaults());
    }

    private static ApiServer serve(MemoryStore store, OptimizationLoop loop) {
        return OptimizationApiTest.serve(OptimizationApi.builder()
                .service(LoopOptimizationService.builder().loop(loop).store(store).target(target()).build())
                .tokens(ApiFixture.tokens()).build());
    }

    private static List<String> types(JsonNode events) {
        var types = new ArrayList<String>();
        events.forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    @Test
    void triggerQueuesAnEvolutionCycleThatTheLoopRunsAndRecords() throws Exception {
        try (var store = MemoryStore.create(); var loop = OptimizationApiTest.loop(store, Phase.MANUAL_APPROVAL, null);
             var server = serve(store, loop)) {
            var http = new ApiFixture(server);

            var queued = http.post("/api/v1/trigger-evolution", OPERATOR, BODY);
            var health = http.get("/health", null).json().path("components");

            assertThat(queued.status()).isEqualTo(202);
            assertThat(queued.json().path("status").asText()).isEqualTo("queued");
            assertThat(health.path("model").path("state").asText()).isEqualTo("CONFIGURED");
            assertThat(health.path("evaluator_pool").path("detail").asText()).startsWith("pricing/quote parallelism ");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            var events = http.get("/api/v1/events", VIEWER).json().path("events");
            while (!types(events).contains("evolution_complete") && System.nanoTime() < deadline) {
                Thread.sleep(50);
                events = http.get("/api/v1/events", VIEWER).json().path("events");
            }
            assertThat(types(events)).containsSubsequence("codebase_analysis_complete", "evolution_complete");
            events.forEach(e -> {
                if (e.path("type").asText().equals("evolution_complete")) {
                    assertThat(e.path("data").path("component").asText()).isEqualTo("pricing");
                    assertThat(e.path("data").path("operation").asText()).isEqualTo("quote");
                }
            });
            assertThat(store.audit().find(Instant.EPOCH, Instant.now().plusSeconds(60), 10)).singleElement()
                    .satisfies(e -> {
                        assertThat(e.actor()).isEqualTo("otto-operator");
                        assertThat(e.action()).isEqualTo("evolution.trigger");
                        assertThat(e.target()).isEqualTo("pricing/quote");
                        assertThat(e.detail()).isEqualTo("context {event=ci_complete}");
                        assertThat(e.origin()).isEqualTo("127.0.0.1");
                    });
        }
    }

    @Test
    void evolutionFlagOffOrAnEarlyPhaseRefusesTheTriggerWith409() {
        try (var store = MemoryStore.create(); var loop = OptimizationApiTest.loop(store, Phase.MANUAL_APPROVAL, null);
             var server = serve(store, loop)) {
            var http = new ApiFixture(server);
            assertThat(http.put("/api/v1/flags/evolution", ADMIN, "{\"enabled\": false}").status()).isEqualTo(200);

            var refused = http.post("/api/v1/trigger-evolution", OPERATOR, BODY);

            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.json().path("message").asText()).isEqualTo("flag 'evolution' is off");
            assertThat(store.audit().find(Instant.EPOCH, Instant.now().plusSeconds(60), 10))
                    .extracting(AuditEntry::action).containsExactly("flag.set");
        }
        try (var store = MemoryStore.create(); var loop = OptimizationApiTest.loop(store, Phase.SUGGESTIONS, null);
             var server = serve(store, loop)) {
            var refused = new ApiFixture(server).post("/api/v1/trigger-evolution", OPERATOR, BODY);

            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.json().path("message").asText())
                    .isEqualTo("evolution needs phase 3 or later; the loop is in phase 2");
            assertThat(store.events().list(0, 100)).extracting(dev.openevolve.spi.LoopEvent::type)
                    .doesNotContain("codebase_analysis_complete");
        }
    }
}
