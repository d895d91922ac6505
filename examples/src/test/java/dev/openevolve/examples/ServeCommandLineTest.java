package dev.openevolve.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.server.ApiTokens;
import dev.openevolve.server.Role;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code openevolve run} then {@code openevolve serve --store ...} in a child process over the run's H2 store. */
class ServeCommandLineTest {
    @TempDir
    Path dir;

    @Test
    void serveOverTheStoreOfAFinishedRunServesItsReport() throws Exception {
        Path program = OpenEvolveCliTest.copy("quickstart/Thermostat.java", dir.resolve("Thermostat.java"));
        Path harness = OpenEvolveCliTest.copy("quickstart/ThermostatHarness.java", dir.resolve("ThermostatHarness.java"));
        Path output = dir.resolve("out");
        var run = CliRunner.run("run", program.toString(), harness.toString(), "--iterations", "4", "--output",
                output.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(output.resolve("report.html")).exists();
        var runLine = Pattern.compile("(?m)^Run '([^']+)'$").matcher(run.out());
        assertThat(runLine.find()).as(run.out()).isTrue();

        String token = ApiTokens.newToken();
        Path tokens = Files.writeString(dir.resolve("tokens"), ApiTokens.fileLine("ops", Role.VIEWER, token) + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OpenEvolveCli.class.getName(),
                "serve", "--store", "jdbc:h2:file:" + output.resolve("openevolve-data/openevolve"), "--tokens",
                tokens.toString(), "--port", "0", "--run-id", runLine.group(1)).redirectErrorStream(true).start();
        try {
            var reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            var banner = Pattern.compile("OpenEvolve API on (http://127\\.0\\.0\\.1:\\d+) ");
            String base = null;
            var seen = new StringBuilder();
            for (String line; base == null && (line = reader.readLine()) != null; ) {
                seen.append(line).append('\n');
                var m = banner.matcher(line);
                if (m.find()) {
                    base = m.group(1);
                }
            }
            assertThat(base).as(seen.toString()).isNotNull();
            var client = HttpClient.newHttpClient();
            var report = client.send(HttpRequest.newBuilder(URI.create(base + "/report"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            var anonymous = client.send(HttpRequest.newBuilder(URI.create(base + "/report")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(report.body()).contains("<svg class=\"score-chart\"").contains("Thermostat");
            assertThat(anonymous.statusCode()).isEqualTo(401);
        } finally {
            child.destroy();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
