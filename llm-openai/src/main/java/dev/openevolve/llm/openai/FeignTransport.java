package dev.openevolve.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import feign.Feign;
import feign.FeignException;
import feign.Logger;
import feign.Request;
import feign.Response;
import feign.Retryer;
import feign.codec.EncodeException;
import feign.http2client.Http2Client;
import feign.jackson.JacksonDecoder;
import feign.jackson.JacksonEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Sends one chat-completions request through Feign on the JDK's {@code java.net.http} client and
 * reports the outcome as JSON or as an {@link AttemptFailure}. HTTP/1.1 only (the JDK's h2c upgrade
 * over plain {@code http://} makes uvicorn-based servers such as vLLM drop the body), Feign's own
 * retryer and logger off, redirects not followed. Feign requests and responses never leave this
 * class. Thread safe.
 */
final class FeignTransport {
    static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final ChatCompletionsApi api;
    private final AbortableClient client;
    private final Duration connectTimeout;
    private final Redactor redactor;

    FeignTransport(Endpoint endpoint, Duration connectTimeout, Credentials credentials, RetryAfter retryAfter) {
        this.connectTimeout = connectTimeout;
        this.redactor = credentials.redactor();
        ObjectMapper mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.client = new AbortableClient(new Http2Client(http));
        this.api = Feign.builder()
                .client(client)
                .encoder(new JacksonEncoder(mapper))
                .decoder(new JacksonDecoder(mapper))
                .errorDecoder((methodKey, response) -> errorFrom(response, mapper, retryAfter))
                .retryer(Retryer.NEVER_RETRY)
                .logger(new Logger.NoOpLogger())
                .logLevel(Logger.Level.NONE)
                .requestInterceptor(credentials::apply)
                .target(ChatCompletionsApi.class, endpoint.url());
    }

    /**
     * Sends {@code request}, waiting at most {@code timeout} for the response headers; {@code control}
     * can abort the attempt from another thread.
     *
     * @throws AttemptFailure when the attempt failed for any reason
     */
    JsonNode send(ChatRequest request, Duration timeout, AttemptControl control) {
        var options = new Request.Options(connectTimeout.toMillis(), TimeUnit.MILLISECONDS,
                Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS, false);
        JsonNode json;
        try {
            json = client.within(control, () -> api.create(request, options));
        } catch (FeignException e) {
            throw translate(e);
        }
        if (json == null || json.isMissingNode() || json.isNull()) {
            throw AttemptFailure.malformed(200, "the response body was empty");
        }
        return json;
    }

    private AttemptFailure translate(FeignException e) {
        Throwable cause = e.getCause();
        if (e instanceof EncodeException) {
            // the request is a fixed record type: failing to write it is a bug, not a server problem
            throw new IllegalStateException("the chat request could not be written as JSON ("
                    + (cause == null ? "no cause" : cause.getClass().getSimpleName()) + ")");
        }
        if (cause instanceof JsonProcessingException json) {
            String where = json.getLocation() == null ? ""
                    : " at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr();
            return AttemptFailure.malformed(e.status(),
                    "the response body is not valid JSON" + where + ": " + redactor.redact(json.getOriginalMessage()));
        }
        if (cause instanceof IOException io) {
            return AttemptFailure.transport(describe(io), io);
        }
        // Feign's own message names the request; only the kind of failure is kept.
        return AttemptFailure.malformed(e.status(), "the response could not be read ("
                + (cause == null ? e.getClass().getSimpleName() : cause.getClass().getSimpleName()) + ")");
    }

    private String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connecting timed out after " + DurationText.show(connectTimeout);
        }
        if (e instanceof HttpTimeoutException) {
            return "no response within the attempt's request timeout";
        }
        if (e instanceof ConnectException) {
            return "connection refused or unreachable";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + redactor.redact(message));
    }

    private AttemptFailure errorFrom(Response response, ObjectMapper mapper, RetryAfter retryAfter) {
        byte[] body = new byte[0];
        if (response.body() != null) {
            try (InputStream in = response.body().asInputStream()) {
                body = in.readNBytes(MAX_ERROR_BODY_BYTES);
            } catch (IOException unreadable) {
                body = ("(the error body could not be read: " + unreadable.getClass().getSimpleName() + ")")
                        .getBytes(StandardCharsets.UTF_8);
            }
        }
        ErrorBody error = ErrorBody.fromBytes(body, mapper, redactor);
        var wait = retryAfter.parse(header(response, "retry-after-ms"), header(response, "retry-after"));
        return AttemptFailure.http(response.status(), error, redactor.redact(header(response, "x-request-id")),
                wait.orElse(null));
    }

    private static String header(Response response, String name) {
        Collection<String> values = response.headers().get(name);
        return values == null || values.isEmpty() ? null : values.iterator().next();
    }
}
