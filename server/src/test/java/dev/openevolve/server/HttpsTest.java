package dev.openevolve.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.loop.OptimizationLoop;
import dev.openevolve.loop.Phase;
import dev.openevolve.internal.store.memory.MemoryStore;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a keystore made by the JDK's keytool for this test. */
class HttpsTest {
    private static final String PASSWORD = "changeit-test-pw";

    @TempDir
    static Path dir;
    static Path keystore;

    @BeforeAll
    static void makeKeystore() throws Exception {
        keystore = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "api", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD))
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void apiIsServedOverHttpsToAClientTrustingTheCertificate() throws Exception {
        try (var store = MemoryStore.create(); var loop = OptimizationApiTest.loop(store, Phase.SUGGESTIONS, null);
             var server = ApiServer.builder(api(store, loop)).port(0)
                .https(keystore, PASSWORD.toCharArray()).start()) {
            assertThat(server.baseUri()).startsWith("https://127.0.0.1:");
            var client = HttpClient.newBuilder().sslContext(trusting(keystore)).connectTimeout(Duration.ofSeconds(5))
                    .build();
            var http = new ApiFixture(client, server.baseUri());

            assertThat(http.get("/api/v1/flags", ApiFixture.VIEWER).status()).isEqualTo(200);
            assertThat(http.get("/api/v1/flags", null).status()).isEqualTo(401);

            var plain = new ApiFixture(HttpClient.newHttpClient(), server.baseUri().replace("https:", "http:"));
            assertThatThrownBy(() -> plain.get("/health", null)).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void wrongKeystorePasswordFailsNamingTheFileButNotThePassword() {
        try (var store = MemoryStore.create(); var loop = OptimizationApiTest.loop(store, Phase.SUGGESTIONS, null)) {
            var builder = ApiServer.builder(api(store, loop)).port(0).https(keystore, "wrong-password-x".toCharArray());

            assertThatThrownBy(builder::start).isInstanceOf(OpenEvolveException.class)
                    .hasMessageStartingWith("cannot use the keystore " + keystore + " for HTTPS: ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-password-x"));
        }
    }

    private static OptimizationApi api(MemoryStore store, OptimizationLoop loop) {
        return OptimizationApi.builder().service(OptimizationApiTest.service(loop, store))
                .tokens(ApiFixture.tokens()).build();
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(ks);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
