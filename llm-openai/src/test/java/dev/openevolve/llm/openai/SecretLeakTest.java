package dev.openevolve.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.openevolve.llm.openai.FakeOpenAiServer.Reply;
import dev.openevolve.spi.Prompt;
import dev.openevolve.spi.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API key must appear in no log line, exception message, stack trace or toString, whatever fails. */
class SecretLeakTest {
    private static final String KEY = "sk-proj-SECRET0123456789abcdef";
    private static final Prompt PROMPT = new Prompt("s", "u", "", 1);

    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final List<Throwable> failures = new ArrayList<>();

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiModel model(String baseUrl, Duration deadline) {
        return OpenAiModel.builder().baseUrl(baseUrl).model("m").apiKey(KEY).maxRetries(2).timeout(deadline)
                .sleeper(d -> { }).build();
    }

    private void fail(OpenAiModel model) {
        Throwable t = catchThrowable(() -> model.complete(PROMPT));
        assertThat(t).as("the call should have failed").isNotNull();
        failures.add(t);
    }

    @Test
    void keyNeverAppearsInLogsExceptionsOrToString() throws Exception {
        String text;
        try (var stderr = new StderrCapture()) {
            // error bodies that echo the key, through every kind of failure
            server.enqueue(Reply.error(401, "Incorrect API key provided: " + KEY, "invalid_request_error", "invalid_api_key"));
            try (var m = model(server.baseUrl(), Duration.ofSeconds(10))) {
                fail(m);
                assertThat(m.toString()).contains("apiKey=****");
                failures.add(new AssertionError(m.toString()));
            }
            server.enqueue(Reply.error(429, "key " + KEY + " is rate limited", "requests", KEY).header("x-request-id", KEY),
                    Reply.text(500, "internal error for Bearer " + KEY),
                    Reply.json(503, "{\"object\":\"error\",\"message\":\"" + KEY + "\",\"code\":503}"));
            try (var m = model(server.baseUrl(), Duration.ofSeconds(10))) {
                fail(m);
            }
            for (int attempt = 0; attempt < 3; attempt++) {   // a malformed 200 is retried: 3 attempts
                server.enqueue(Reply.text(200, "<html>" + KEY + "</html>"));
            }
            server.enqueue(Reply.json(200, "{\"error\":\"" + KEY + "\"}"));
            try (var m = model(server.baseUrl(), Duration.ofSeconds(10))) {
                fail(m);
                fail(m);
            }
            server.enqueue(Reply.completion("warm"), Reply.slow(Duration.ofMillis(1200)));
            try (var m = model(server.baseUrl(), Duration.ofMillis(400))) {
                m.complete(PROMPT);
                fail(m);
            }
            int closedPort;
            try (var socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            try (var m = model("http://127.0.0.1:" + closedPort + "/v1", Duration.ofSeconds(10))) {
                fail(m);
            }
            Settings invalid = Settings.of(Map.of("model", "m", "api_key", KEY, "temperature", "hot",
                    "api_base", "ftp://x"));
            failures.add(catchThrowable(() -> new OpenAiProvider(Map.of()).create(invalid)));
            failures.add(catchThrowable(() -> OpenAiModel.builder().model("m").apiKey(KEY + "\tx")));
            text = stderr.text();
        }

        assertThat(failures).hasSize(9).doesNotContainNull();
        assertThat(text).as("the failures were logged").contains("retrying in").contains("HTTP 429");
        assertThat(text).doesNotContain(KEY);
        for (Throwable failure : failures) {
            var trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).as("stack trace of %s", failure.getClass().getSimpleName()).doesNotContain(KEY);
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY);
                assertThat(t.toString()).doesNotContain(KEY);
            }
        }
        assertThat(failures.get(0)).hasMessageContaining("Incorrect API key provided: ****");
    }
}
