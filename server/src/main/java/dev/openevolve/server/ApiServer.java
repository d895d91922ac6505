package dev.openevolve.server;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.openevolve.spi.OpenEvolveException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A ready server for an {@link OptimizationApi} on the JDK's built-in HTTP server: bound to
 * {@code 127.0.0.1} unless told otherwise, HTTPS when given a PKCS#12 (or JKS) keystore, a small pool of
 * daemon request threads.
 *
 * <p>Thread safe. Lifecycle: {@link Builder#start()} binds and starts it; {@link #close()} stops it at once,
 * cutting requests still in flight.
 */
public final class ApiServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final boolean https;

    private ApiServer(HttpServer server, ExecutorService executor, boolean https) {
        this.server = server;
        this.executor = executor;
        this.https = https;
    }

    /** A builder serving {@code api}. */
    public static Builder builder(OptimizationApi api) {
        return new Builder(api);
    }

    /** The bound address (with the actual port when port 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The base URI, for example {@code https://127.0.0.1:8443}. */
    public String baseUri() {
        var a = address();
        String host = a.getAddress().getHostAddress();
        return (https ? "https" : "http") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** Stops accepting requests and stops the server. Idempotent. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Builds and starts an {@link ApiServer}. Not thread safe. */
    public static final class Builder {
        private final OptimizationApi api;
        private String host = "127.0.0.1";
        private int port = 8080;
        private int threads = 8;
        private Path keystore;
        private char[] keystorePassword;

        private Builder(OptimizationApi api) {
            this.api = Objects.requireNonNull(api, "api");
        }

        /** The address to bind (default {@code 127.0.0.1}: reachable from this machine only). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port (default 8080; 0 picks a free one). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535 but was " + port);
            }
            this.port = port;
            return this;
        }

        /** Request threads (default 8). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1 but was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Serve HTTPS with the key and certificate in {@code keystore} (PKCS#12 or JKS) opened with {@code password}. */
        public Builder https(Path keystore, char[] password) {
            this.keystore = Objects.requireNonNull(keystore, "keystore");
            this.keystorePassword = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /**
         * Binds and starts the server.
         *
         * @throws OpenEvolveException when the address cannot be bound or the keystore cannot be used (the message
         *                             names the address or the keystore file, never the password)
         */
        public ApiServer start() {
            var address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new OpenEvolveException("cannot resolve the host '" + host + "' to bind the API server to");
            }
            HttpServer server;
            try {
                if (keystore != null) {
                    var https = HttpsServer.create(address, 64);
                    https.setHttpsConfigurator(new HttpsConfigurator(sslContext()));
                    server = https;
                } else {
                    server = HttpServer.create(address, 64);
                }
            } catch (IOException e) {
                throw new OpenEvolveException("cannot bind the API server to " + host + ":" + port + ": "
                        + e.getMessage(), e);
            } finally {
                if (keystorePassword != null) {
                    Arrays.fill(keystorePassword, '\0');
                }
            }
            var count = new AtomicInteger();
            ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
                var t = new Thread(r, "openevolve-api-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.createContext("/", api);
            server.start();
            return new ApiServer(server, executor, keystore != null);
        }

        private SSLContext sslContext() {
            try (InputStream in = Files.newInputStream(keystore)) {
                KeyStore store = KeyStore.getInstance(keystore.toString().toLowerCase(java.util.Locale.ROOT)
                        .endsWith(".jks") ? "JKS" : "PKCS12");
                store.load(in, keystorePassword);
                var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, keystorePassword);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keys.getKeyManagers(), null, null);
                return context;
            } catch (IOException | GeneralSecurityException e) {
                throw new OpenEvolveException("cannot use the keystore " + keystore + " for HTTPS: " + e.getMessage(), e);
            }
        }
    }
}
