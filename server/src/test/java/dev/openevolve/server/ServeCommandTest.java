package dev.openevolve.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.loop.LoopSettings;
import dev.openevolve.loop.OptimizationLoop;
import dev.openevolve.loop.Phase;
import dev.openevolve.spi.AuditEntry;
import dev.openevolve.spi.LoopEvent;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Suggestion;
import dev.openevolve.spi.SuggestionStatus;
import dev.openevolve.store.jdbc.JdbcStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code openevolve serve --store ...} over an H2 file store a run left behind: API, report, audit rows in the database. */
class ServeCommandTest {

    @Test
    void serveOverAnH2StoreServesTheApiAndReportAndAuditsIntoTheDatabase(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        try (var store = JdbcStore.open(Settings.of(Map.of("url", url)))) {
            store.suggestions().save(List.of(new Suggestion("s1", "reliability", "payments", "retry the gateway",
                    0.2, 0.9, 1, null, SuggestionStatus.PENDING, Instant.now().minusSeconds(5))));
        }
        String token = ApiTokens.newToken();
        Path tokens = Files.writeString(dir.resolve("tokens"), ApiTokens.fileLine("ops", Role.OPERATOR, token) + "\n");
        var command = new ServeCommand(new PrintStream(new ByteArrayOutputStream()), Map.of());
        new CommandLine(command).parseArgs("--store", url, "--tokens", tokens.toString(), "--port", "0");

        try (var running = command.start()) {
            assertThat(running.server().baseUri()).startsWith("http://127.0.0.1:");
            var http = new ApiFixture(running.server());

            assertThat(http.get("/health", null).json().path("components").path("store").path("state").asText())
                    .isEqualTo("UP");
            assertThat(http.get("/report", token).body()).contains("retry the gateway");
            assertThat(http.post("/api/v1/suggestions/s1/approve", token, "{\"reason\": \"ok\"}").status()).isEqualTo(200);
            assertThat(http.get("/health", null).json().path("components").path("loop").path("detail").asText())
                    .startsWith("phase 2 (SUGGESTIONS)");
            var trigger = http.post("/api/v1/trigger-evolution", token, "{\"component\": \"payments\", \"operation\":"
                    + " \"charge\"}");
            assertThat(trigger.status()).isEqualTo(404);
            assertThat(trigger.json().path("message").asText()).endsWith("this server evolves nothing (metrics only)");
        }
        try (var store = JdbcStore.open(Settings.of(Map.of("url", url)))) {
            assertThat(store.suggestions().list()).extracting(Suggestion::status).containsExactly(SuggestionStatus.APPROVED);
            assertThat(store.suggestions().history("s1")).singleElement().satisfies(d -> {
                assertThat(d.actor()).isEqualTo("ops");
                assertThat(d.reason()).isEqualTo("ok");
            });
            assertThat(store.audit().find(Instant.EPOCH, Instant.now().plusSeconds(60), 10))
                    .extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::target, AuditEntry::origin)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("ops", "suggestion.approve", "s1", "127.0.0.1"));
        }
    }

    @Test
    void serveWithATargetEvolvesItWhenTriggeredThroughTheLoop(@TempDir Path dir) throws Exception {
        Path program = Files.writeString(dir.resolve("quote.py"), "# EVOLVE-BLOCK-START\nx = 1.0\n# EVOLVE-BLOCK-END\n");
        Path evaluator = Files.writeString(dir.resolve("score.sh"), "#!/bin/sh\necho '{\"combined_score\": 0.5}'\n");
        assertThat(evaluator.toFile().setExecutable(true)).isTrue();
        Path config = Files.writeString(dir.resolve("config.yaml"), "max_iterations: 2\nllm:\n  models:\n"
                + "    - name: offline\n      provider: mutation\n");
        String token = ApiTokens.newToken();
        Path tokens = Files.writeString(dir.resolve("tokens"), ApiTokens.fileLine("ops", Role.OPERATOR, token) + "\n");
        String url = "jdbc:h2:mem:serve-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (var store = JdbcStore.open(Settings.of(Map.of("url", url)));
             var loop = OptimizationLoop.builder().store(store)
                     .settings(LoopSettings.defaults().toBuilder()
                             .phase(Phase.MANUAL_APPROVAL).build()).build()) {
            assertThat(loop.phase()).isEqualTo(Phase.MANUAL_APPROVAL);
        }
        var command = new ServeCommand(new PrintStream(new ByteArrayOutputStream()), Map.of());
        new CommandLine(command).parseArgs("--store", url, "--tokens", tokens.toString(), "--port", "0", "--target",
                "pricing/quote", "--program", program.toString(), "--evaluator", evaluator.toString(), "--config",
                config.toString());

        try (var running = command.start()) {
            var http = new ApiFixture(running.server());
            var health = http.get("/health", null).json().path("components");
            var queued = http.post("/api/v1/trigger-evolution", token, "{\"component\": \"pricing\", \"operation\":"
                    + " \"quote\"}");
            var other = http.post("/api/v1/trigger-evolution", token, "{\"component\": \"pricing\", \"operation\":"
                    + " \"refund\"}");

            assertThat(health.path("evaluator_pool").path("detail").asText()).startsWith("pricing/quote parallelism");
            assertThat(health.path("model").path("detail").asText()).isEqualTo("pricing/quote mutation:offline");
            assertThat(queued.status()).isEqualTo(202);
            assertThat(other.status()).isEqualTo(404);
            assertThat(other.json().path("message").asText()).endsWith("the targets are [pricing/quote]");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            List<String> types = List.of();
            while (!types.contains("evolution_complete") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                types = running.store().events().list(0, 1000).stream().map(LoopEvent::type).toList();
            }
            assertThat(types).containsSubsequence("codebase_analysis_complete", "evolution_complete");
        }
    }

    @Test
    void targetProgramAndEvaluatorGoTogetherAndTheTargetNamesAnOperation(@TempDir Path dir) throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"),
                ApiTokens.fileLine("ops", Role.OPERATOR, ApiTokens.newToken()) + "\n");
        var alone = new ServeCommand(new PrintStream(new ByteArrayOutputStream()), Map.of());
        new CommandLine(alone).parseArgs("--store", "memory", "--tokens", tokens.toString(), "--target", "a/b");
        var noOperation = new ServeCommand(new PrintStream(new ByteArrayOutputStream()), Map.of());
        new CommandLine(noOperation).parseArgs("--store", "memory", "--tokens", tokens.toString(), "--target",
                "pricing", "--program", "p.py", "--evaluator", "e.sh");

        assertThatThrownBy(alone::start).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--target, --program and --evaluator go together: give all three or none");
        assertThatThrownBy(noOperation::start).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--target must be COMPONENT/OPERATION but was 'pricing'");
    }

    @Test
    void newTokenPrintsTheTokenAndItsFileLine() throws Exception {
        var out = new ByteArrayOutputStream();
        int status = new CommandLine(new ServeCommand(new PrintStream(out, true, StandardCharsets.UTF_8), Map.of()))
                .execute("--new-token", "ci-bot:operator");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(status).isZero();
        String token = text.lines().filter(l -> l.startsWith("token")).findFirst().orElseThrow().replaceAll(".*: ", "");
        String line = text.lines().filter(l -> l.startsWith("tokens-file line: ")).findFirst().orElseThrow()
                .substring("tokens-file line: ".length());
        assertThat(line).startsWith("ci-bot operator sha256:").doesNotContain(token);
        assertThat(line).isEqualTo(ApiTokens.fileLine("ci-bot", Role.OPERATOR, token));
    }

    @Test
    void missingStoreOrTokensAndPasswordOnTheCommandLineAreRefused(@TempDir Path dir) throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"),
                ApiTokens.fileLine("ops", Role.OPERATOR, ApiTokens.newToken()) + "\n");
        var noStore = new ServeCommand(new PrintStream(new ByteArrayOutputStream()), Map.of());
        new CommandLine(noStore).parseArgs("--tokens", tokens.toString());
        var noTokens = new ServeCommand(new PrintStream(new ByteArrayOutputStream()), Map.of());
        new CommandLine(noTokens).parseArgs("--store", "memory");
        var password = new ServeCommand(new PrintStream(new ByteArrayOutputStream()), Map.of());
        new CommandLine(password).parseArgs("--store", "jdbc:h2:mem:x", "--tokens", tokens.toString(),
                "--store-option", "password=hunter2");

        assertThatThrownBy(noStore::start).hasMessageContaining("--store is required");
        assertThatThrownBy(noTokens::start).hasMessageContaining("--tokens is required");
        assertThatThrownBy(password::start).hasMessage("give the store's password in $OPENEVOLVE_STORE_PASSWORD, not on"
                + " the command line");
    }
}
