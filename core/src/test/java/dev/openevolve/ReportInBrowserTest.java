package dev.openevolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.openevolve.report.RunReport;
import dev.openevolve.internal.store.memory.MemoryStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report of a real run in headless Chromium: the rendered DOM must hold the plots and the diff,
 * and the screenshot is kept as {@code target/report-screenshot.png}. Mandatory when
 * {@code OPENEVOLVE_REQUIRE_CHROMIUM=true} (CI); skipped, saying why, when no Chromium is installed.
 */
class ReportInBrowserTest {
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");

    @Test
    void reportRendersPlotsAndDiffInARealBrowser(@TempDir Path dir) throws Exception {
        Path chromium = chromium();
        Path report;
        try (var store = MemoryStore.create()) {
            ReportFixture.run(store);
            report = RunReport.write(store, ReportFixture.RUN_ID, dir.resolve("report.html"));
        }
        Path screenshot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);

        String dom = run(chromium, dir, "--dump-dom", report.toUri().toString());
        run(chromium, dir, "--screenshot=" + screenshot, "--window-size=1100,2600", report.toUri().toString());

        assertThat(dom).contains("<svg class=\"score-chart\"").contains("<polyline class=\"best\"")
                .contains("<svg class=\"heatmap\"").contains("<rect class=\"cell occupied\"")
                .contains("<svg class=\"bar-chart\"").contains("<pre class=\"diff\">")
                .contains("<span class=\"del\">- x = 1.0</span>").contains("<span class=\"ins\">+ x = ");
        assertThat(screenshot).exists();
        byte[] png = Files.readAllBytes(screenshot);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(png.length).as("a rendered page, not a blank one").isGreaterThan(20_000);
    }

    private static String run(Path chromium, Path dir, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + dir.resolve("profile")));
        command.addAll(List.of(args));
        Path out = dir.resolve("chromium.out");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(dir.resolve("chromium.err").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("chromium did not finish within 120 s: " + command);
        }
        assertThat(p.exitValue()).as("chromium exit status; stderr: %s",
                Files.readString(dir.resolve("chromium.err"))).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static Path chromium() {
        for (String c : CANDIDATES) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        String message = "no Chromium found at " + CANDIDATES + "; install it (apt-get install -y chromium) to run"
                + " this test; set OPENEVOLVE_REQUIRE_CHROMIUM=true to make its absence a failure";
        if ("true".equalsIgnoreCase(System.getenv("OPENEVOLVE_REQUIRE_CHROMIUM"))) {
            fail(message);
        }
        assumeTrue(false, message);
        return null;
    }
}
