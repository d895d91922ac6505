package dev.openevolve.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real HTTP requests against a running {@link ApiServer}. */
final class ApiFixture {
    static final String VIEWER = "viewer-token-0123456789abcdef0123456789abcdef";
    static final String OPERATOR = "operator-token-0123456789abcdef0123456789abcdef";
    static final String ADMIN = "admin-token-0123456789abcdef0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();

    /** A response with its body read as text and, when JSON, as a tree. */
    record Reply(int status, HttpResponse<String> response) {
        String body() {
            return response.body();
        }

        JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + response.body(), e);
            }
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    static ApiTokens tokens() {
        return ApiTokens.builder().add("ana-viewer", Role.VIEWER, VIEWER).add("otto-operator", Role.OPERATOR, OPERATOR)
                .add("ada-admin", Role.ADMIN, ADMIN).build();
    }

    private final HttpClient client;
    private final String base;

    ApiFixture(HttpClient client, String base) {
        this.client = client;
        this.base = base;
    }

    ApiFixture(ApiServer server) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), server.baseUri());
    }

    Reply get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    Reply post(String path, String token, String body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Reply put(String path, String token, String body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Reply send(HttpRequest request) {
        try {
            var response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path, String token) {
        var b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }
}
