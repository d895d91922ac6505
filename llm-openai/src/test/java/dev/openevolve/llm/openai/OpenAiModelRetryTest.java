package dev.openevolve.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openevolve.llm.openai.FakeOpenAiServer.Reply;
import dev.openevolve.spi.Prompt;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiModelRetryTest {
    private static final Prompt PROMPT = new Prompt("s", "u", "", 1);
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    /** Makes jitter zero: the backoff is exactly 0.5 s, 1 s, 2 s, ... */
    private static final RandomGenerator NO_JITTER = () -> 0L;

    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final List<OpenAiModel> models = new ArrayList<>();

    @AfterEach
    void stop() {
        models.forEach(OpenAiModel::close);
        server.close();
    }

    private OpenAiModel model(int retries) {
        return model(server.baseUrl(), retries);
    }

    private OpenAiModel model(String baseUrl, int retries) {
        OpenAiModel m = OpenAiModel.builder().baseUrl(baseUrl).model("m").maxRetries(retries)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).random(NO_JITTER).sleeper(sleeper).build();
        models.add(m);
        return m;
    }

    static Stream<Arguments> retryAfterForms() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(3).atOffset(ZoneOffset.UTC));
        return Stream.of(
                Arguments.of("retry-after-ms", "1500", Duration.ofMillis(1500)),
                Arguments.of("retry-after-ms", "250.5", Duration.ofNanos(250_500_000)),
                Arguments.of("retry-after", "2", Duration.ofSeconds(2)),
                Arguments.of("retry-after", "0.75", Duration.ofMillis(750)),
                Arguments.of("retry-after", date, Duration.ofSeconds(3)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("retryAfterForms")
    void rateLimitedCallWaitsAsTheServerAsksThenSucceeds(String header, String value, Duration expected) {
        server.enqueue(Reply.error(429, "Rate limit reached", "requests", "rate_limit_exceeded").header(header, value),
                Reply.completion("ok"));

        var completion = model(3).complete(PROMPT);

        assertThat(completion.text()).isEqualTo("ok");
        assertThat(sleeper.waits()).containsExactly(expected);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void retryAfterMsTakesPrecedenceOverRetryAfter() {
        server.enqueue(Reply.error(429, "slow down", null, null).header("retry-after-ms", "100").header("retry-after", "9"),
                Reply.completion("ok"));

        model(3).complete(PROMPT);

        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void requestedWaitAboveTheCapFallsBackToBackoff() {
        server.enqueue(Reply.error(429, "slow down", null, null).header("retry-after", "120"), Reply.completion("ok"));

        model(3).complete(PROMPT);

        assertThat(sleeper.waits()).containsExactly(RetryPolicy.INITIAL_BACKOFF);
    }

    @Test
    void serverErrorThenSuccessRetriesOnceWithBackoff() {
        server.enqueue(Reply.error(500, "The server had an error", "server_error", null), Reply.completion("recovered"));

        var completion = model(3).complete(PROMPT);

        assertThat(completion.text()).isEqualTo("recovered");
        assertThat(server.requests()).hasSize(2);
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(500));
        assertThat(server.requests().get(1).body()).isEqualTo(server.requests().get(0).body());
    }

    @Test
    void persistentServerErrorGivesUpAfterTheRetriesWithExponentialBackoff() {
        server.respondWith(r -> Reply.error(503, "overloaded", "server_error", null).header("x-request-id", "req-42"));

        var e = catchThrowableOfType(ApiErrorException.class, () -> model(3).complete(PROMPT));

        assertThat(e.status()).isEqualTo(503);
        assertThat(e.retryable()).isTrue();
        assertThat(e.attempts()).isEqualTo(4);
        assertThat(e.requestId()).contains("req-42");
        assertThat(e).hasMessage("model 'm' at " + server.baseUrl()
                + ": HTTP 503 (server_error): overloaded (gave up after 4 attempts)");
        assertThat(server.requests()).hasSize(4);
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 409, 429, 500, 502, 503, 504})
    void retriesTransientStatuses(int status) {
        server.enqueue(Reply.error(status, "transient", null, null), Reply.completion("ok"));

        assertThat(model(2).complete(PROMPT).text()).isEqualTo("ok");
        assertThat(server.requests()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 422})
    void neverRetriesClientErrors(int status) {
        server.enqueue(Reply.error(status, "bad request", "invalid_request_error", "bad_param"));

        var e = catchThrowableOfType(ApiErrorException.class, () -> model(3).complete(PROMPT));

        assertThat(e).isExactlyInstanceOf(ApiErrorException.class);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.retryable()).isFalse();
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.errorType()).contains("invalid_request_error");
        assertThat(e.errorCode()).contains("bad_param");
        assertThat(server.requests()).hasSize(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void authenticationFailureIsNotRetried(int status) {
        server.enqueue(Reply.error(status, "Incorrect API key provided", "invalid_request_error", "invalid_api_key"));

        var e = catchThrowableOfType(AuthenticationException.class, () -> model(3).complete(PROMPT));

        assertThat(e.status()).isEqualTo(status);
        assertThat(e.retryable()).isFalse();
        assertThat(e.errorCode()).contains("invalid_api_key");
        assertThat(e).hasMessage("model 'm' at " + server.baseUrl() + ": HTTP " + status
                + " (invalid_request_error, code invalid_api_key): Incorrect API key provided");
        assertThat(server.requests()).hasSize(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void exhaustedQuotaIsNotRetried() {
        server.enqueue(Reply.error(429, "You exceeded your current quota", "insufficient_quota", "insufficient_quota"));

        var e = catchThrowableOfType(RateLimitException.class, () -> model(3).complete(PROMPT));

        assertThat(e.retryable()).isFalse();
        assertThat(e.retryAfter()).isEmpty();
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void rateLimitThatPersistsIsReportedWithTheRequestedWait() {
        server.respondWith(r -> Reply.error(429, "slow down", "requests", "rate_limit_exceeded").header("retry-after", "1"));

        var e = catchThrowableOfType(RateLimitException.class, () -> model(2).complete(PROMPT));

        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(e.attempts()).isEqualTo(3);
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void refusedConnectionIsRetriedThenReported() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        var e = catchThrowableOfType(ConnectionException.class,
                () -> model("http://127.0.0.1:" + closedPort + "/v1", 2).complete(PROMPT));

        assertThat(e.retryable()).isTrue();
        assertThat(e.status()).isZero();
        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e).hasMessage("model 'm' at http://127.0.0.1:" + closedPort
                + "/v1: connection refused or unreachable (gave up after 3 attempts)");
        assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
        assertThat(sleeper.waits()).hasSize(2);
    }

    @Test
    void zeroRetriesMeansOneAttempt() {
        server.enqueue(Reply.error(500, "boom", null, null));

        var e = catchThrowableOfType(ApiErrorException.class, () -> model(0).complete(PROMPT));

        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e).hasMessageEndingWith(": HTTP 500: boom");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void readsVllmOllamaFastApiAndPlainTextErrorBodies() {
        server.enqueue(
                Reply.json(400, "{\"object\":\"error\",\"message\":\"bad temperature\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}"),
                Reply.json(404, "{\"error\":\"model 'llama9' not found\"}"),
                Reply.json(404, "{\"detail\":\"Not Found\"}"),
                Reply.text(400, "upstream said no"),
                Reply.json(422, ""));
        OpenAiModel m = model(0);

        var vllm = catchThrowableOfType(ApiErrorException.class, () -> m.complete(PROMPT));
        var ollama = catchThrowableOfType(ApiErrorException.class, () -> m.complete(PROMPT));
        var fastApi = catchThrowableOfType(ApiErrorException.class, () -> m.complete(PROMPT));
        var text = catchThrowableOfType(ApiErrorException.class, () -> m.complete(PROMPT));
        var empty = catchThrowableOfType(ApiErrorException.class, () -> m.complete(PROMPT));

        assertThat(vllm).hasMessageEndingWith(": HTTP 400 (BadRequestError, code 400): bad temperature");
        assertThat(ollama).hasMessageEndingWith(": HTTP 404: model 'llama9' not found");
        assertThat(fastApi).hasMessageEndingWith(": HTTP 404: Not Found");
        assertThat(text).hasMessageEndingWith(": HTTP 400: upstream said no");
        assertThat(empty).hasMessageEndingWith(": HTTP 422: the response had no body");
    }

    @Test
    void servesConcurrentCallersFromOneInstance() throws Exception {
        server.respondWith(r -> Reply.completion("answer to " + r.json().path("messages").get(1).path("content").asText()));
        OpenAiModel m = model(0);
        var pool = Executors.newFixedThreadPool(6);
        try {
            var tasks = new ArrayList<Callable<String>>();
            for (int i = 0; i < 24; i++) {
                String question = "q" + i;
                tasks.add(() -> m.complete(new Prompt("s", question, "", 1)).text());
            }
            var answers = new ArrayList<String>();
            for (var f : pool.invokeAll(tasks)) {
                answers.add(f.get());
            }
            assertThat(answers).hasSize(24).allSatisfy(a -> assertThat(a).startsWith("answer to q"));
            assertThat(answers).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }
}
