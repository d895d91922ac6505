package dev.openevolve.examples.demo;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends the shop steady traffic from one background thread: a price request, then two catalog requests, a short
 * pause, again. Bounded: it stops when closed, after {@code maxRequests} requests or at the deadline, whichever
 * comes first. Thread safe.
 */
final class LoadGenerator implements AutoCloseable {
    private final ShopServer shop;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Thread thread;
    private final long maxRequests;
    private final Instant deadline;
    private volatile boolean stopped;

    LoadGenerator(ShopServer shop, long maxRequests, Duration maxDuration) {
        this.shop = shop;
        this.maxRequests = maxRequests;
        this.deadline = Instant.now().plus(maxDuration);
        this.thread = new Thread(this::run, "demo-load");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        int i = 0;
        while (!stopped && requests.get() < maxRequests && Instant.now().isBefore(deadline)) {
            get("/price?customer=c-" + (i++ % 50));
            get("/catalog");
            get("/catalog");
            try {
                Thread.sleep(4);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void get(String path) {
        try {
            var response = client.send(HttpRequest.newBuilder(shop.uri(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                failures.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        } catch (java.io.IOException e) {
            failures.incrementAndGet();
        }
        requests.incrementAndGet();
    }

    long requests() {
        return requests.get();
    }

    long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
