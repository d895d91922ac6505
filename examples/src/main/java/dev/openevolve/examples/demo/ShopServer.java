package dev.openevolve.examples.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.openevolve.metrics.MetricsSampler;
import dev.openevolve.metrics.Operation;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The demo host: a small shop on the JDK's HTTP server at 127.0.0.1 (a free port). {@code /price?customer=ID}
 * prices the customer's basket with the {@link LiveImplementation}; {@code /catalog} answers a cheap lookup.
 * Both are instrumented with the loop's {@link MetricsSampler}. Thread safe; close once.
 */
final class ShopServer implements AutoCloseable {
    static final int BASKET_ITEMS = 128;

    private final HttpServer server;
    private final ExecutorService executor;
    private final LiveImplementation prices;
    private final MetricsSampler sampler;

    ShopServer(LiveImplementation prices, MetricsSampler sampler) throws IOException {
        this.prices = prices;
        this.sampler = sampler;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "demo-shop");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/price", this::price);
        server.createContext("/catalog", this::catalog);
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void price(HttpExchange exchange) throws IOException {
        String customer = query(exchange, "customer");
        long total;
        try (Operation op = sampler.start("shop", "price")) {
            op.context("customer", customer);
            var random = new SplittableRandom(customer.hashCode());
            int[] quantities = new int[BASKET_ITEMS];
            int[] cents = new int[BASKET_ITEMS];
            for (int i = 0; i < BASKET_ITEMS; i++) {
                quantities[i] = 1 + random.nextInt(5);
                cents[i] = 99 + random.nextInt(10_000);
            }
            total = prices.total(quantities, cents);
        }
        respond(exchange, "{\"customer\":\"" + customer.replaceAll("[^A-Za-z0-9-]", "") + "\",\"total_cents\":" + total + "}");
    }

    @SuppressWarnings("try") // the operation handle only times the block
    private void catalog(HttpExchange exchange) throws IOException {
        long sum = 0;
        try (Operation ignored = sampler.start("shop", "catalog")) {
            for (int i = 0; i < 64; i++) {
                sum += (i * 31L) ^ (sum >>> 3);
            }
        }
        respond(exchange, "{\"items\":64,\"version\":" + (sum & 0xff) + "}");
    }

    private static String query(HttpExchange exchange, String key) {
        String q = exchange.getRequestURI().getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                if (pair.startsWith(key + "=")) {
                    return pair.substring(key.length() + 1);
                }
            }
        }
        return "anonymous";
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
