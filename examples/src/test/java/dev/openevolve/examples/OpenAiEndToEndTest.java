package dev.openevolve.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.openevolve.Controller;
import dev.openevolve.RunResult;
import dev.openevolve.config.ModelConfig;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.evaluation.JavaSourceEvaluator;
import dev.openevolve.plugin.Providers;
import dev.openevolve.spi.Settings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine evolves the quickstart thermostat through the {@code openai} provider against a local
 * OpenAI-compatible server that answers like a model: it reads the program out of the prompt and
 * proposes a SEARCH/REPLACE diff raising the proportional gain.
 */
class OpenAiEndToEndTest {
    private static final Pattern KP = Pattern.compile("static final double KP = ([0-9.]+);");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** When set, every other request gets a 200 whose body is a gateway's HTML page instead of a completion. */
    private volatile boolean malformedEveryOther;
    /** The prompts of requests for the novelty judge model. */
    private final List<String> judged = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            if (malformedEveryOther && authorizations.size() % 2 == 1) {
                byte[] page = "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
                exchange.close();
                return;
            }
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String prompt = JSON.readTree(request).path("messages").toString();
            var m = KP.matcher(prompt.replace("\\n", "\n"));
            String diff = "I cannot find the gain.";
            if (JSON.readTree(request).path("model").asText().equals("judge-model")) {
                judged.add(prompt);
                diff = "NOT_NOVEL\nOnly the proportional gain differs.";
            } else if (m.find()) {
                double kp = Double.parseDouble(m.group(1));
                diff = "Raise the proportional gain.\n<<<<<<< SEARCH\n    static final double KP = " + m.group(1)
                        + ";\n=======\n    static final double KP = "
                        + String.format(Locale.ROOT, "%.4f", kp * 2) + ";\n>>>>>>> REPLACE\n";
            }
            var body = Map.of("id", "chatcmpl-1", "object", "chat.completion", "model", "fake-model",
                    "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                            "message", Map.of("role", "assistant", "content", diff))),
                    "usage", Map.of("prompt_tokens", 100, "completion_tokens", 20, "total_tokens", 120));
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void evolvesThroughTheOpenAiProviderAgainstALocalServer() throws IOException {
        Path program = OpenEvolveCliTest.copy("quickstart/Thermostat.java", dir.resolve("Thermostat.java"));
        Path harness = OpenEvolveCliTest.copy("quickstart/ThermostatHarness.java", dir.resolve("ThermostatHarness.java"));
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        var model = new ModelConfig("openai", "fake-model", 1.0,
                Settings.of(Map.of("api_base", base, "api_key", "sk-test-secret")));
        var small = OpenEvolveCliTest.smallConfig(4);
        OpenEvolveConfig config = small.toBuilder()
                .llm(small.llm().withModels(List.of(model)).withMaxConsecutiveFailures(3)).build();

        RunResult result;
        try (var evaluator = JavaSourceEvaluator.builder().harness(harness).build();
             var store = Providers.store("memory").open(Settings.empty());
             var controller = Controller.builder().config(config).initialProgram(program).evaluator(evaluator)
                     .store(store).build()) {
            result = controller.run();
        }

        assertThat(authorizations).hasSize(4).allMatch("Bearer sk-test-secret"::equals);
        assertThat(result.best().fitness()).isGreaterThan(result.initial().fitness());
        assertThat(result.best().code()).doesNotContain("KP = 0.05;");
        assertThat(result.tokens().total()).isEqualTo(4 * 120);
    }

    @Test
    void aConfiguredNoveltyLlmIsAskedThroughTheEndpointAboutNearCopies() throws IOException {
        Path program = OpenEvolveCliTest.copy("quickstart/Thermostat.java", dir.resolve("Thermostat.java"));
        Path harness = OpenEvolveCliTest.copy("quickstart/ThermostatHarness.java", dir.resolve("ThermostatHarness.java"));
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        var model = new ModelConfig("openai", "fake-model", 1.0,
                Settings.of(Map.of("api_base", base, "api_key", "sk-test-secret")));
        var small = OpenEvolveCliTest.smallConfig(3);
        OpenEvolveConfig config = small.toBuilder().engine(small.engine().withParallelIterations(1))
                .llm(small.llm().withModels(List.of(model)))
                .programs(small.programs().withNumIslands(1).withNovelty(0.5, "judge-model")).build();
        var rejections = new CopyOnWriteArrayList<String>();

        RunResult result;
        try (var evaluator = JavaSourceEvaluator.builder().harness(harness).build();
             var store = Providers.store("memory").open(Settings.empty());
             var controller = Controller.builder().config(config).initialProgram(program).evaluator(evaluator)
                     .store(store).listener(new dev.openevolve.EvolutionListener() {
                         @Override
                         public void onIteration(dev.openevolve.IterationEvent e) {
                             e.rejected().ifPresent(rejections::add);
                         }
                     }).build()) {
            result = controller.run();
        }

        assertThat(judged).hasSize(3).allSatisfy(prompt -> assertThat(prompt).contains("Existing program:")
                .contains("Proposed program:").contains("NOVEL or NOT_NOVEL"));
        assertThat(rejections).hasSize(3).allSatisfy(r -> assertThat(r)
                .contains("the novelty judge").contains("calls it not novel: NOT_NOVEL"));
        assertThat(result.best().id()).as("every candidate was a near copy of the initial program").isEqualTo("p0");
        assertThat(result.tokens().total()).as("the judge's tokens count").isEqualTo(6 * 120);
    }

    @Test
    void aMalformed200FromTheModelIsRetriedAndNoIterationIsLost() throws IOException {
        malformedEveryOther = true;
        Path program = OpenEvolveCliTest.copy("quickstart/Thermostat.java", dir.resolve("Thermostat.java"));
        Path harness = OpenEvolveCliTest.copy("quickstart/ThermostatHarness.java", dir.resolve("ThermostatHarness.java"));
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        var model = new ModelConfig("openai", "fake-model", 1.0,
                Settings.of(Map.of("api_base", base, "api_key", "sk-test-secret", "max_retry_delay_seconds", "1")));
        var small = OpenEvolveCliTest.smallConfig(4);
        OpenEvolveConfig config = small.toBuilder().engine(small.engine().withParallelIterations(1))
                .llm(small.llm().withModels(List.of(model))).build();
        var events = new CopyOnWriteArrayList<dev.openevolve.IterationEvent>();
        try (var evaluator = JavaSourceEvaluator.builder().harness(harness).build();
             var store = Providers.store("memory").open(Settings.empty());
             var controller = Controller.builder().config(config).initialProgram(program).evaluator(evaluator)
                     .store(store).listener(new dev.openevolve.EvolutionListener() {
                         @Override
                         public void onIteration(dev.openevolve.IterationEvent e) {
                             events.add(e);
                         }
                     }).build()) {
            controller.run();
        }

        assertThat(authorizations).hasSize(8);
        assertThat(events).hasSize(4).allSatisfy(e -> assertThat(e.program()).as("iteration %d: %s",
                e.iteration(), e.problems()).isPresent());
    }
}
