package dev.openevolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.report.RunReport;
import dev.openevolve.spi.Program;
import dev.openevolve.internal.store.memory.MemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

    @Test
    void reportOfARealRunHoldsEverySection(@TempDir Path dir) throws Exception {
        try (var store = MemoryStore.create()) {
            RunResult result = ReportFixture.run(store);
            Path file = RunReport.write(store, ReportFixture.RUN_ID, dir.resolve("out/report.html"));
            String html = Files.readString(file);
            try (var left = Files.list(dir.resolve("out"))) {
                assertThat(left).containsExactly(file);
            }

            assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("http-equiv=\"refresh\"")
                    .doesNotContain("<script").doesNotContain("src=\"http").doesNotContain("href=\"http");
            assertThat(html).contains("<svg class=\"score-chart\"").contains("<polyline class=\"best\"")
                    .contains("<polyline class=\"mean\"");
            assertThat(count(html, "<svg class=\"heatmap\"")).isEqualTo(2);
            assertThat(html).contains("<rect class=\"cell occupied\"");
            assertThat(html).contains("best score</th><td>" + String.format(java.util.Locale.ROOT, "%.6f",
                    result.best().fitness()));
            assertThat(html).contains("<code>" + result.best().id() + "</code>");
            assertThat(html).contains("<span class=\"del\">- x = 1.0</span>");
            assertThat(html).containsPattern("<span class=\"ins\">\\+ x = [-0-9.]+</span>");
            assertThat(html).contains("timeout after 20 s").contains("<svg class=\"bar-chart\"");
            long failed = store.programs().list(ReportFixture.RUN_ID).stream()
                    .filter(p -> p.artifacts().containsKey("failure")).count();
            assertThat(failed).isPositive();
            assertThat(html).contains(">" + failed + "</text>");
            assertThat(html).contains("prompt tokens</th><td>" + 100 * ReportFixture.ITERATIONS)
                    .contains("$" + String.format(java.util.Locale.ROOT, "%.4f", 0.0015 * ReportFixture.ITERATIONS));
            assertThat(html).contains("checkout.price is slow &lt;p95 40 ms&gt;").contains("cache prices &amp; discounts");
        }
    }

    @Test
    void lineageRunsFromTheBestProgramBackToTheInitialOne() {
        try (var store = MemoryStore.create()) {
            RunResult result = ReportFixture.run(store);
            String html = RunReport.render(store, ReportFixture.RUN_ID, Duration.ZERO);
            String lineage = html.substring(html.indexOf("<section id=\"lineage\">"), html.indexOf("<section id=\"diff\">"));

            Program p = result.best();
            int expected = 1;
            while (p.parentId() != null) {
                p = store.programs().find(ReportFixture.RUN_ID, p.parentId()).orElseThrow();
                expected++;
            }
            assertThat(count(lineage, "<tr><td><code>")).isEqualTo(expected);
            assertThat(lineage).contains("<code>" + result.best().id() + "</code>").contains("<code>p0</code>");
        }
    }

    @Test
    void liveReportReloadsItself() {
        try (var store = MemoryStore.create()) {
            ReportFixture.run(store);

            assertThat(RunReport.render(store, ReportFixture.RUN_ID, Duration.ofSeconds(5)))
                    .contains("<meta http-equiv=\"refresh\" content=\"5\">").contains("reloads every 5 s");
        }
    }

    @Test
    void reportOfAnUnknownRunSaysThereIsNothingYet() {
        try (var store = MemoryStore.create()) {
            String html = RunReport.render(store, "nothing-here", Duration.ZERO);

            assertThat(html).contains("No scored candidate yet.").contains("No checkpoint with a program database yet.")
                    .contains("No program yet.").contains("No candidate failed.").contains("No suggestion yet.");
        }
    }

    @Test
    void negativeRefreshAndUnwritableFileAreRejected(@TempDir Path dir) throws Exception {
        try (var store = MemoryStore.create()) {
            assertThatThrownBy(() -> RunReport.render(store, "r", Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refresh must not be negative");
            Path blocker = Files.writeString(dir.resolve("file"), "x");
            assertThatThrownBy(() -> RunReport.write(store, "r", blocker.resolve("report.html")))
                    .isInstanceOf(dev.openevolve.spi.OpenEvolveException.class)
                    .hasMessageContaining("cannot write the run report to " + blocker.resolve("report.html"));
        }
    }

    private static int count(String text, String needle) {
        return (int) Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
    }
}
