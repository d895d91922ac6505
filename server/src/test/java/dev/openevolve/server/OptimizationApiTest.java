package dev.openevolve.server;

import static dev.openevolve.server.ApiFixture.ADMIN;
import static dev.openevolve.server.ApiFixture.OPERATOR;
import static dev.openevolve.server.ApiFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.loop.DeploymentHandler;
import dev.openevolve.loop.Feature;
import dev.openevolve.loop.LoopSettings;
import dev.openevolve.loop.OptimizationLoop;
import dev.openevolve.loop.Phase;
import dev.openevolve.spi.AuditEntry;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.SuggestionDecision;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.ProcessSnapshot;
import dev.openevolve.spi.SampleBatch;
import dev.openevolve.spi.Suggestion;
import dev.openevolve.spi.SuggestionStatus;
import dev.openevolve.internal.store.memory.MemoryStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every status path of the API with real HTTP requests against a server on 127.0.0.1, port 0, serving an
 * {@link OptimizationLoop} over a memory store (phase 2) whose host records the rollbacks it is asked for.
 */
class OptimizationApiTest {
    private static final Instant T0 = Instant.now().minusSeconds(600);

    private MemoryStore store;
    private OptimizationLoop loop;
    private final List<String> hostRollbacks = new CopyOnWriteArrayList<>();
    private ApiServer server;
    private ApiFixture http;

    @BeforeEach
    void start() {
        store = MemoryStore.create();
        store.suggestions().save(List.of(
                suggestion("s-pending", "checkout", SuggestionStatus.PENDING, T0),
                suggestion("s-applied", "checkout", SuggestionStatus.DEPLOYED, T0.plusSeconds(1)),
                suggestion("s-search", "search", SuggestionStatus.PENDING, T0.plusSeconds(2))));
        var samples = new ArrayList<PerformanceSample>();
        for (int i = 1; i <= 20; i++) {
            samples.add(new PerformanceSample("checkout", "price", T0.plusSeconds(i), Duration.ofMillis(i), i != 7,
                    i == 7 ? "timeout" : null, Map.of(), -1, -1));
        }
        samples.add(new PerformanceSample("search", "query", T0.plusSeconds(5), Duration.ofMillis(3), true, null,
                Map.of(), -1, -1));
        store.metrics().append(new SampleBatch(samples, new ProcessSnapshot(T0, 1, 1, 1)));
        loop = loop(store, Phase.SUGGESTIONS, new DeploymentHandler() {
            @Override
            public void deploy(Suggestion suggestion, Optional<Program> program) {
                throw new IllegalStateException("nothing is deployed in these tests");
            }

            @Override
            public void rollback(Suggestion suggestion, Map<String, String> evidence) {
                hostRollbacks.add(suggestion.id());
            }
        });
        server = serve(OptimizationApi.builder().service(service(loop, store)).tokens(ApiFixture.tokens())
                .maxBodyBytes(1024).build());
        http = new ApiFixture(server);
    }

    @AfterEach
    void stop() {
        server.close();
        loop.close();
        store.close();
    }

    static OptimizationLoop loop(MemoryStore store, Phase phase, DeploymentHandler host) {
        var b = OptimizationLoop.builder().store(store).settings(LoopSettings.defaults().toBuilder().phase(phase).build());
        return (host == null ? b : b.deploymentHandler(host)).build();
    }

    static LoopOptimizationService service(OptimizationLoop loop, MemoryStore store) {
        return LoopOptimizationService.builder().loop(loop).store(store).build();
    }

    static ApiServer serve(OptimizationApi api) {
        return ApiServer.builder(api).port(0).threads(4).start();
    }

    static Suggestion suggestion(String id, String component, SuggestionStatus status, Instant at) {
        return new Suggestion(id, "performance_optimization", component, "make " + component + " faster", 0.2, 0.9, 1,
                null, status, at, id.equals("s-pending") ? "price" : null);
    }

    private List<AuditEntry> audit() {
        return store.audit().find(Instant.EPOCH, Instant.now().plusSeconds(60), 1000);
    }

    // ----------------------------------------------------------------------------- 200

    @Test
    void serverBindsToLoopbackByDefault() {
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(server.baseUri()).startsWith("http://127.0.0.1:");
    }

    @Test
    void healthIsPublicAndNamesEveryPart() {
        var r = http.get("/health", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("UP");
        assertThat(r.json().path("components").path("store").path("state").asText()).isEqualTo("UP");
        assertThat(r.json().path("components").path("sampler").path("state").asText()).isEqualTo("UP");
        assertThat(r.json().path("components").path("loop").path("state").asText()).isEqualTo("UP");
        assertThat(r.json().path("components").path("loop").path("detail").asText())
                .startsWith("phase 2 (SUGGESTIONS), config version 1, flags off []");
        assertThat(r.json().path("components").path("model").path("state").asText()).isEqualTo("ABSENT");
        assertThat(r.json().path("components").path("evaluator_pool").path("state").asText()).isEqualTo("ABSENT");
    }

    @Test
    void healthIs503WhenTheLoopIsClosed() {
        loop.close();

        var r = http.get("/health", null);

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().path("components").path("loop").path("state").asText()).isEqualTo("DOWN");
        assertThat(r.json().path("components").path("loop").path("detail").asText()).startsWith("closed; phase 2");
    }

    @Test
    void healthIs503WhenTheStoreIsDown() {
        store.close();

        var r = http.get("/health", null);

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().path("components").path("store").path("state").asText()).isEqualTo("DOWN");
        assertThat(r.json().path("components").path("store").path("detail").asText()).contains("closed");
    }

    @Test
    void suggestionsAreFilteredByComponentOperationAndTime() {
        var all = http.get("/api/v1/optimization-suggestions", VIEWER);
        var checkout = http.get("/api/v1/optimization-suggestions?component=checkout", VIEWER);
        var late = http.get("/api/v1/optimization-suggestions?since=" + T0.plusSeconds(1) + "&until="
                + T0.plusSeconds(2), VIEWER);

        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().path("suggestions")).hasSize(3);
        assertThat(checkout.json().path("suggestions").findValuesAsText("id")).containsExactlyInAnyOrder("s-pending",
                "s-applied");
        assertThat(late.json().path("suggestions").findValuesAsText("id")).containsExactly("s-applied");
        var price = http.get("/api/v1/optimization-suggestions?component=checkout&operation=price", VIEWER);
        assertThat(price.json().path("suggestions").findValuesAsText("id")).containsExactly("s-pending");
        assertThat(price.json().path("suggestions").get(0).path("operation").asText()).isEqualTo("price");
        assertThat(all.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void performanceMetricsSummariseEachOperationInTheRange() {
        var r = http.get("/api/v1/performance-metrics?component=checkout&since=" + T0 + "&until="
                + T0.plusSeconds(60), VIEWER);

        assertThat(r.status()).isEqualTo(200);
        var ops = r.json().path("operations");
        assertThat(ops).hasSize(1);
        assertThat(ops.get(0).path("operation").asText()).isEqualTo("price");
        assertThat(ops.get(0).path("samples").asLong()).isEqualTo(20);
        assertThat(ops.get(0).path("failures").asLong()).isEqualTo(1);
        assertThat(ops.get(0).path("mean_ms").asDouble()).isEqualTo(10.5);
        assertThat(ops.get(0).path("p95_ms").asDouble()).isEqualTo(19.0);
        assertThat(ops.get(0).path("max_ms").asDouble()).isEqualTo(20.0);
        assertThat(http.get("/api/v1/performance-metrics?since=" + T0 + "&until=" + T0.plusSeconds(60), VIEWER)
                .json().path("operations")).hasSize(2);
    }

    @Test
    void approveRejectAndRollbackChangeTheStatusAndAreAudited() {
        var approved = http.post("/api/v1/suggestions/s-pending/approve", OPERATOR, "{\"reason\": \"looks right\"}");
        var rejected = http.post("/api/v1/suggestions/s-search/reject", OPERATOR, "");
        var rolledBack = http.post("/api/v1/suggestions/s-applied/rollback", ADMIN, "{}");

        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.json().path("suggestion").path("status").asText()).isEqualTo("APPROVED");
        assertThat(rejected.json().path("suggestion").path("status").asText()).isEqualTo("REJECTED");
        assertThat(rolledBack.json().path("suggestion").path("status").asText()).isEqualTo("ROLLED_BACK");
        assertThat(store.suggestions().list()).extracting(Suggestion::id, Suggestion::status).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("s-pending", SuggestionStatus.APPROVED),
                org.assertj.core.groups.Tuple.tuple("s-search", SuggestionStatus.REJECTED),
                org.assertj.core.groups.Tuple.tuple("s-applied", SuggestionStatus.ROLLED_BACK));

        assertThat(audit()).extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::target, AuditEntry::origin)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("otto-operator", "suggestion.approve", "s-pending", "127.0.0.1"),
                        org.assertj.core.groups.Tuple.tuple("otto-operator", "suggestion.reject", "s-search", "127.0.0.1"),
                        org.assertj.core.groups.Tuple.tuple("ada-admin", "suggestion.rollback", "s-applied", "127.0.0.1"));
        assertThat(audit().get(0).detail()).isEqualTo("now APPROVED; reason: looks right");
        assertThat(hostRollbacks).containsExactly("s-applied");
        var events = http.get("/api/v1/events", VIEWER).json().path("events");
        var decided = new ArrayList<String>();
        events.forEach(e -> {
            if (e.path("type").asText().equals("suggestion_status")) {
                decided.add(e.path("data").path("suggestion").asText() + " " + e.path("data").path("to").asText()
                        + " by " + e.path("data").path("actor").asText());
            }
        });
        assertThat(decided).containsExactly("s-pending APPROVED by otto-operator", "s-search REJECTED by otto-operator",
                "s-applied ROLLED_BACK by ada-admin");
    }

    @Test
    void aDecisionThroughTheApiIsInTheLoopsSuggestionHistoryWithTheTokensName() {
        http.post("/api/v1/suggestions/s-pending/approve", OPERATOR, "{\"reason\": \"measured it\"}");
        http.post("/api/v1/suggestions/s-pending/reject", ADMIN, "{\"reason\": \"changed my mind\"}");

        assertThat(loop.history("s-pending")).extracting(SuggestionDecision::from, SuggestionDecision::to,
                SuggestionDecision::actor, SuggestionDecision::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SuggestionStatus.PENDING, SuggestionStatus.APPROVED,
                        "otto-operator", "measured it"),
                org.assertj.core.groups.Tuple.tuple(SuggestionStatus.APPROVED, SuggestionStatus.REJECTED,
                        "ada-admin", "changed my mind"));
        assertThat(loop.suggestion("s-pending")).map(Suggestion::status).contains(SuggestionStatus.REJECTED);
        assertThat(audit()).hasSize(2);
    }

    @Test
    void eventsArePagedBySequenceNumber() {
        http.post("/api/v1/suggestions/s-pending/approve", OPERATOR, "{}");
        http.post("/api/v1/suggestions/s-search/approve", OPERATOR, "{}");
        var all = http.get("/api/v1/events", VIEWER).json().path("events");
        long first = all.get(0).path("sequence").asLong();

        var rest = http.get("/api/v1/events?after=" + first + "&limit=1", VIEWER).json().path("events");

        assertThat(all.size()).isGreaterThanOrEqualTo(3);
        assertThat(rest).hasSize(1);
        assertThat(rest.get(0).path("sequence").asLong()).isEqualTo(all.get(1).path("sequence").asLong());
    }

    @Test
    void flagsAreReadByViewersAndSetByAdminsWithAnAuditRowAndTheLoopSeesThem() {
        var before = http.get("/api/v1/flags", VIEWER);
        var set = http.put("/api/v1/flags/analysis", ADMIN, "{\"enabled\": false}");

        assertThat(before.json().path("flags").path("analysis").asBoolean()).isTrue();
        assertThat(before.json().path("flags").size()).isEqualTo(Feature.values().length);
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().path("flags").path("analysis").asBoolean()).isFalse();
        assertThat(loop.enabled(Feature.ANALYSIS)).isFalse();
        assertThatThrownBy(loop::analyze).hasMessage("analysis is switched off by flag 'analysis'");
        assertThat(store.rollout().flags().get("analysis").enabled()).isFalse();
        assertThat(store.rollout().flags().get("analysis").actor()).isEqualTo("ada-admin");
        try (var restarted = loop(store, Phase.SUGGESTIONS, null)) {
            assertThat(restarted.enabled(Feature.ANALYSIS)).isFalse();
        }
        assertThat(audit()).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("ada-admin");
            assertThat(e.action()).isEqualTo("flag.set");
            assertThat(e.target()).isEqualTo("analysis");
            assertThat(e.detail()).isEqualTo("enabled false");
        });
    }

    @Test
    void aFlagTheLoopSetsIsSeenThroughTheApi() {
        loop.setFlag(Feature.AUTOMATIC_ROLLBACK, false, "host");

        assertThat(http.get("/api/v1/flags", VIEWER).json().path("flags").path("automatic_rollback").asBoolean())
                .isFalse();
    }

    @Test
    void auditTrailIsReadableByAdminsOnly() {
        http.put("/api/v1/flags/evolution", ADMIN, "{\"enabled\": false}");

        var r = http.get("/api/v1/audit", ADMIN);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("entries").get(0).path("action").asText()).isEqualTo("flag.set");
        assertThat(r.json().path("entries").get(0).path("origin").asText()).isEqualTo("127.0.0.1");
        assertThat(http.get("/api/v1/audit", OPERATOR).status()).isEqualTo(403);
    }

    @Test
    void reportIsServedAsHtmlToViewers() {
        var r = http.get("/report", VIEWER);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(r.body()).startsWith("<!DOCTYPE html>").contains("<meta http-equiv=\"refresh\" content=\"15\">")
                .contains("make checkout faster");
    }

    // ----------------------------------------------------------------------------- 401 / 403

    @Test
    void missingOrUnknownTokenIs401WithAJsonBodyAndNoEcho() {
        var missing = http.get("/api/v1/optimization-suggestions", null);
        var unknown = http.get("/api/v1/optimization-suggestions", "not-a-valid-token-0123456789abcdef0123");
        var basic = http.send(http.request("/api/v1/flags", null).header("Authorization", "Basic " + VIEWER).GET()
                .build());

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(missing.json().path("error").asText()).isEqualTo("unauthorized");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body()).doesNotContain("not-a-valid-token");
        assertThat(basic.status()).isEqualTo(401);
        assertThat(basic.body()).doesNotContain(VIEWER);
    }

    @Test
    void tooLowARoleIs403NamingTheRoleNeeded() {
        var viewerApproves = http.post("/api/v1/suggestions/s-pending/approve", VIEWER, "{}");
        var operatorSetsFlag = http.put("/api/v1/flags/evolution", OPERATOR, "{\"enabled\": false}");

        assertThat(viewerApproves.status()).isEqualTo(403);
        assertThat(viewerApproves.json().path("message").asText())
                .isEqualTo("token 'ana-viewer' has role viewer but POST /api/v1/suggestions/s-pending/approve needs operator");
        assertThat(operatorSetsFlag.status()).isEqualTo(403);
        assertThat(store.suggestions().list()).allMatch(s -> s.status() != SuggestionStatus.APPROVED);
        assertThat(audit()).isEmpty();
    }

    // ----------------------------------------------------------------------------- 400

    @Test
    void unknownFieldIs400NamingIt() {
        var r = http.post("/api/v1/suggestions/s-pending/approve", OPERATOR, "{\"reason\": \"x\", \"force\": true}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("field").asText()).isEqualTo("force");
        assertThat(r.json().path("message").asText()).isEqualTo("unknown field 'force'; known fields: [reason]");
        assertThat(store.suggestions().list()).allMatch(s -> s.status() != SuggestionStatus.APPROVED);
    }

    @Test
    void malformedJsonIs400SayingWhere() {
        var r = http.put("/api/v1/flags/evolution", ADMIN, "{\"enabled\": tru");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).startsWith("malformed JSON at line 1, column ");
    }

    @Test
    void wrongTypeOrMissingFieldIs400NamingTheField() {
        var wrong = http.put("/api/v1/flags/evolution", ADMIN, "{\"enabled\": [1]}");
        var missing = http.put("/api/v1/flags/evolution", ADMIN, "{}");
        var notObject = http.post("/api/v1/trigger-evolution", OPERATOR, "[1, 2]");

        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().path("field").asText()).isEqualTo("enabled");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("message").asText()).isEqualTo("field 'enabled' is required (true or false)");
        assertThat(notObject.status()).isEqualTo(400);
        assertThat(audit()).isEmpty();
    }

    @Test
    void badQueryParametersAre400NamingThem() {
        var instant = http.get("/api/v1/optimization-suggestions?since=yesterday", VIEWER);
        var unknown = http.get("/api/v1/performance-metrics?compnent=checkout", VIEWER);
        var limit = http.get("/api/v1/events?limit=0", VIEWER);

        assertThat(instant.status()).isEqualTo(400);
        assertThat(instant.json().path("field").asText()).isEqualTo("since");
        assertThat(instant.json().path("message").asText()).contains("but was 'yesterday'");
        assertThat(unknown.json().path("message").asText())
                .isEqualTo("unknown query parameter 'compnent'; known: [component, since, until]");
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.json().path("field").asText()).isEqualTo("limit");
        var getWithBody = http.send(http.request("/api/v1/flags", VIEWER)
                .method("GET", HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(getWithBody.status()).isEqualTo(400);
    }

    // ----------------------------------------------------------------------------- 404 / 405 / 409 / 503

    @Test
    void unknownResourceSuggestionAndFlagAre404() {
        var path = http.get("/api/v1/nothing", VIEWER);
        var suggestion = http.post("/api/v1/suggestions/no-such/approve", OPERATOR, "{}");
        var flag = http.put("/api/v1/flags/no_such_flag", ADMIN, "{\"enabled\": true}");

        assertThat(path.status()).isEqualTo(404);
        assertThat(path.json().path("error").asText()).isEqualTo("not_found");
        assertThat(suggestion.status()).isEqualTo(404);
        assertThat(suggestion.json().path("message").asText()).isEqualTo("there is no suggestion 'no-such'");
        assertThat(flag.status()).isEqualTo(404);
        assertThat(flag.json().path("message").asText()).contains("the flags are metrics, analysis, evolution");
        assertThat(audit()).isEmpty();
    }

    @Test
    void wrongMethodIs405WithAllow() {
        var r = http.post("/api/v1/flags", ADMIN, "{}");

        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Allow")).isEqualTo("GET");
    }

    @Test
    void decidingAgainstTheStatusIs409() {
        var rollbackPending = http.post("/api/v1/suggestions/s-pending/rollback", OPERATOR, "{}");
        http.post("/api/v1/suggestions/s-pending/approve", OPERATOR, "{}");
        var approveTwice = http.post("/api/v1/suggestions/s-pending/approve", OPERATOR, "{}");

        assertThat(rollbackPending.status()).isEqualTo(409);
        assertThat(rollbackPending.json().path("message").asText())
                .startsWith("suggestion s-pending is PENDING and cannot become ROLLED_BACK");
        assertThat(approveTwice.status()).isEqualTo(409);
        assertThat(hostRollbacks).isEmpty();
        assertThat(loop.history("s-pending")).hasSize(1);
        assertThat(audit()).hasSize(1);
    }

    @Test
    void decisionsBeforePhase2Are409FromTheLoop() {
        try (var metricsOnly = loop(store, Phase.METRICS_ONLY, null);
             var early = serve(OptimizationApi.builder().service(service(metricsOnly, store))
                     .tokens(ApiFixture.tokens()).build())) {
            var r = new ApiFixture(early).post("/api/v1/suggestions/s-pending/approve", OPERATOR, "{}");

            assertThat(r.status()).isEqualTo(409);
            assertThat(r.json().path("message").asText()).startsWith("decisions on suggestions needs phase 2");
            assertThat(store.suggestions().history("s-pending")).isEmpty();
            assertThat(audit()).isEmpty();
        }
    }

    @Test
    void triggerWithoutAnEvolutionTargetIs404AndWithoutAnOperationIs400() {
        var r = http.post("/api/v1/trigger-evolution", OPERATOR, "{\"component\": \"checkout\", \"operation\": \"price\"}");
        var missing = http.post("/api/v1/trigger-evolution", OPERATOR, "{\"component\": \"checkout\"}");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().path("message").asText())
                .isEqualTo("there is no evolution target checkout/price; this server evolves nothing (metrics only)");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("field").asText()).isEqualTo("operation");
        assertThat(audit()).isEmpty();
    }

    // ----------------------------------------------------------------------------- 413

    @Test
    void bodyDeclaredLargerThanTheLimitIs413BeforeItIsSent() throws Exception {
        try (var socket = new Socket("127.0.0.1", server.address().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/trigger-evolution HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + OPERATOR
                    + "\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(socket.getInputStream());

            assertThat(head).startsWith("HTTP/1.1 413 ");
        }
        assertThat(audit()).isEmpty();
    }

    @Test
    void malformedPercentEscapeIs400() throws Exception {
        try (var socket = new Socket("127.0.0.1", server.address().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api/v1/optimization-suggestions?component=%zz HTTP/1.1\r\n"
                    + "Host: localhost\r\nAuthorization: Bearer " + VIEWER + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));

            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 400 ");
        }
    }

    @Test
    void streamedBodyOverTheLimitIs413() {
        byte[] big = ("{\"reason\": \"" + "x".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8);
        var r = http.send(http.request("/api/v1/suggestions/s-pending/approve", OPERATOR)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().path("message").asText()).isEqualTo("the request body is larger than the limit of 1024 bytes");
        assertThat(store.suggestions().list()).allMatch(s -> s.status() != SuggestionStatus.APPROVED);
    }

    private static String readHead(InputStream in) throws java.io.IOException {
        var sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            sb.append((char) c);
            if (sb.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        return sb.toString();
    }

    // ----------------------------------------------------------------------------- 429

    @Test
    void tooManyRequestsOfOneTokenAre429WithRetryAfterWhileOtherTokensGoOn() {
        try (var limited = serve(OptimizationApi.builder()
                .service(service(loop, store))
                .tokens(ApiFixture.tokens()).requestsPerMinute(3).build())) {
            var client = new ApiFixture(limited);
            for (int i = 0; i < 3; i++) {
                assertThat(client.get("/api/v1/flags", VIEWER).status()).isEqualTo(200);
            }
            var refused = client.get("/api/v1/flags", VIEWER);

            assertThat(refused.status()).isEqualTo(429);
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 20L);
            assertThat(refused.json().path("error").asText()).isEqualTo("too_many_requests");
            assertThat(client.get("/api/v1/flags", ADMIN).status()).isEqualTo(200);
        }
    }
}
