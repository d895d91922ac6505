package dev.openevolve.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A scripted OpenAI-compatible server on 127.0.0.1 (a free port) serving {@code POST /v1/chat/completions}
 * with the JDK's {@code com.sun.net.httpserver}. Replies queued with {@link #enqueue} are served in
 * order; once the queue is empty the {@link #respondWith responder} answers (by default a completion
 * saying {@code "fake answer"}). Every request is recorded. Thread safe; close it after use.
 *
 * <pre>{@code
 * try (var server = FakeOpenAiServer.start()) {
 *     server.respondWith(req -> Reply.completion("hello"));
 *     var model = OpenAiModel.builder().baseUrl(server.baseUrl()).model("m").build();
 *     ...
 * }
 * }</pre>
 */
public final class FakeOpenAiServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(50);
    private static final int PROBES = 400;

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ConcurrentLinkedQueue<Reply> queue = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch abandoned = new CountDownLatch(1);
    private volatile Function<RecordedRequest, Reply> responder = request -> Reply.completion("fake answer");

    private FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "fake-openai-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server on a free port of 127.0.0.1. */
    public static FakeOpenAiServer start() {
        try {
            return new FakeOpenAiServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The API root to configure as {@code api_base}, for example {@code http://127.0.0.1:54321/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Queues replies served to the next requests, in order. */
    public FakeOpenAiServer enqueue(Reply... replies) {
        queue.addAll(List.of(replies));
        return this;
    }

    /** Sets what answers requests once the queue is empty. */
    public FakeOpenAiServer respondWith(Function<RecordedRequest, Reply> responder) {
        this.responder = Objects.requireNonNull(responder, "responder");
        return this;
    }

    /** Every request received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The only request received; fails when there was not exactly one. */
    public RecordedRequest onlyRequest() {
        if (requests.size() != 1) {
            throw new AssertionError("expected exactly one request but got " + requests.size());
        }
        return requests.get(0);
    }

    /**
     * Whether a {@link Reply#slow slow} or {@link Reply#trickle trickling} reply found, within
     * {@code timeout}, that the client had closed the connection (its writes failed).
     */
    public boolean awaitAbandoned(Duration timeout) throws InterruptedException {
        return abandoned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var headers = new LinkedHashMap<String, List<String>>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            var request = new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getProtocol(), headers, new String(body, StandardCharsets.UTF_8));
            requests.add(request);
            Reply reply = Optional.ofNullable(queue.poll()).orElseGet(() -> responder.apply(request));
            if (!reply.delay.isZero() && !pause(reply.delay)) {
                return;
            }
            reply.headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = reply.body.getBytes(StandardCharsets.UTF_8);
            switch (reply.mode) {
                case NORMAL -> {
                    exchange.sendResponseHeaders(reply.status, bytes.length == 0 ? -1 : bytes.length);
                    if (bytes.length > 0) {
                        exchange.getResponseBody().write(bytes);
                    }
                }
                case CUT -> {
                    exchange.sendResponseHeaders(reply.status, bytes.length + 1000L);
                    exchange.getResponseBody().write(bytes);
                    exchange.getResponseBody().flush();
                    exchange.close(); // fewer bytes than announced: the server drops the connection
                }
                case TRICKLE -> trickle(exchange, reply.status, bytes);
            }
        }
    }

    /** Writes the start of a body, then a space at a time, until the client goes away. */
    private void trickle(HttpExchange exchange, int status, byte[] start) {
        try {
            exchange.sendResponseHeaders(status, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(start);
            out.flush();
            for (int i = 0; i < PROBES; i++) {
                if (!pause(PROBE_INTERVAL)) {
                    return;
                }
                out.write(' ');
                out.flush();
            }
        } catch (IOException clientGone) {
            abandoned.countDown();
        }
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * One request as the server saw it.
     *
     * @param method   the HTTP method
     * @param path     the request path, for example {@code /v1/chat/completions}
     * @param protocol the protocol line, for example {@code HTTP/1.1}
     * @param headers  the headers, names in lower case
     * @param body     the body as text
     */
    public record RecordedRequest(String method, String path, String protocol, Map<String, List<String>> headers,
                                  String body) {
        public RecordedRequest {
            headers = Map.copyOf(headers);
        }

        /** The first value of header {@code name} (any case), if sent. */
        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        /** The body as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("request body is not JSON: " + body, e);
            }
        }
    }

    /** What the server answers to one request. Immutable. */
    public static final class Reply {
        enum Mode { NORMAL, CUT, TRICKLE }

        private final int status;
        private final Map<String, String> headers;
        private final String body;
        private final Duration delay;
        private final Mode mode;

        private Reply(int status, Map<String, String> headers, String body, Duration delay, Mode mode) {
            this.status = status;
            this.headers = Map.copyOf(headers);
            this.body = body;
            this.delay = delay;
            this.mode = mode;
        }

        /** A 200 chat completion with {@code finish_reason: stop} and 10 + 5 tokens of usage. */
        public static Reply completion(String text) {
            return completion(text, "stop", 10, 5);
        }

        /** A 200 chat completion. */
        public static Reply completion(String text, String finishReason, long promptTokens, long completionTokens) {
            ObjectNode root = JSON.createObjectNode();
            root.put("id", "chatcmpl-fake").put("object", "chat.completion").put("created", 1_700_000_000L)
                    .put("model", "fake-model");
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0).put("finish_reason", finishReason);
            choice.putObject("message").put("role", "assistant").put("content", text);
            root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                    .put("total_tokens", promptTokens + completionTokens);
            return json(200, root.toString());
        }

        /** A JSON body with {@code status}. */
        public static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body, Duration.ZERO, Mode.NORMAL);
        }

        /** An OpenAI-style error: {@code {"error":{"message","type","code"}}}. */
        public static Reply error(int status, String message, String type, String code) {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode error = root.putObject("error");
            error.put("message", message).put("type", type).putNull("param");
            if (code == null) {
                error.putNull("code");
            } else {
                error.put("code", code);
            }
            return json(status, root.toString());
        }

        /** A plain-text body with {@code status}. */
        public static Reply text(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "text/plain"), body, Duration.ZERO, Mode.NORMAL);
        }

        /**
         * Answers nothing for {@code delay}, then starts a 200 body and keeps writing a byte at a time
         * until the client has gone (then {@link #awaitAbandoned} turns true) or 20 s passed.
         */
        public static Reply slow(Duration delay) {
            return new Reply(200, Map.of("Content-Type", "application/json"), "{\"choices\":[", delay, Mode.TRICKLE);
        }

        /** Sends 200 headers and the start of a body at once, then a byte at a time, like {@link #slow}. */
        public static Reply trickle() {
            return slow(Duration.ZERO);
        }

        /** Announces more body than it sends, then drops the connection. */
        public static Reply cutOff(String partialBody) {
            return new Reply(200, Map.of("Content-Type", "application/json"), partialBody, Duration.ZERO, Mode.CUT);
        }

        /** This reply with one more response header. */
        public Reply header(String name, String value) {
            var copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            return new Reply(status, copy, body, delay, mode);
        }

        /** This reply, sent after {@code delay}. */
        public Reply after(Duration delay) {
            return new Reply(status, headers, body, delay, mode);
        }
    }
}
