package dev.openevolve.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.loop.EventTypes;
import dev.openevolve.loop.PrivacyFilter;
import dev.openevolve.spi.LoopEvent;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.SuggestionDecision;
import dev.openevolve.spi.SuggestionStatus;
import dev.openevolve.store.jdbc.JdbcStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the whole demo (real HTTP server, sampler, sandboxed evolution, H2) and reads back what it stored. */
class DemoHostTest {
    @TempDir
    Path dir;

    @Test
    void theDemoEndsWithOneValidatedImprovementAndOneAutomaticRollbackStoredWithEvidence() throws Exception {
        var bytes = new ByteArrayOutputStream();
        var logged = new ByteArrayOutputStream();
        DemoHost.Result result;
        PrintStream err = System.err;
        // slf4j-simple writes to whatever System.err is at the time: keep showing the log while reading it
        try (var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
             var tee = new PrintStream(new TeeOutputStream(err, logged), true, StandardCharsets.UTF_8)) {
            System.setErr(tee);
            result = DemoHost.run(out, dir.resolve("work"));
        } finally {
            System.setErr(err);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        Path problem = dir.resolve("work").resolve("problem").toAbsolutePath();

        assertThat(logged.toString(StandardCharsets.UTF_8)).as("the evolution's prompts describe the demo's source")
                .containsPattern("codebase context of " + java.util.regex.Pattern.quote(problem.toString())
                        + " from provider 'treesitter' \\([1-9][0-9]* chars\\)");

        assertThat(printed).contains("[1]", "[2]", "[3]", "[4]", "[5]", "[6]", "Measured speed-up of /price:");
        assertThat(result.speedup()).isGreaterThan(1);
        assertThat(result.afterMedianMs()).isLessThan(result.beforeMedianMs());

        try (var store = JdbcStore.open(Settings.of(Map.of("url", "jdbc:h2:file:" + result.database())))) {
            assertThat(store.suggestions().find(result.validated()).orElseThrow().status())
                    .isEqualTo(SuggestionStatus.VALIDATED);
            assertThat(store.suggestions().find(result.rolledBack()).orElseThrow().status())
                    .isEqualTo(SuggestionStatus.ROLLED_BACK);

            List<SuggestionDecision> improved = store.suggestions().history(result.validated());
            assertThat(improved).extracting(SuggestionDecision::to).containsExactly(SuggestionStatus.APPROVED,
                    SuggestionStatus.DEPLOYED, SuggestionStatus.VALIDATED);
            assertThat(improved.get(0).actor()).isEqualTo("demo-operator");
            assertThat(Double.parseDouble(improved.get(2).evidence().get("latency_p_faster"))).isLessThan(0.025);

            List<SuggestionDecision> rolledBack = store.suggestions().history(result.rolledBack());
            SuggestionDecision last = rolledBack.get(rolledBack.size() - 1);
            assertThat(last.to()).isEqualTo(SuggestionStatus.ROLLED_BACK);
            assertThat(last.actor()).isEqualTo("loop");
            assertThat(Double.parseDouble(last.evidence().get("latency_p_slower"))).isLessThan(0.025);
            assertThat(Double.parseDouble(last.evidence().get("median_ratio"))).isGreaterThan(1.1);

            List<LoopEvent> events = store.events().list(0, 10_000);
            assertThat(events).extracting(LoopEvent::type).contains(EventTypes.CODEBASE_ANALYSIS_COMPLETE,
                    EventTypes.EVOLUTION_COMPLETE, EventTypes.VALIDATION_CHECKED, EventTypes.CONFIG_CHANGED);
            assertThat(store.rollout().configVersions()).hasSize(3);
            assertThat(store.programs().find(result.validated().split("/")[0], result.validated().split("/")[1]))
                    .isPresent();

            List<PerformanceSample> prices = store.metrics().find(Instant.EPOCH, Instant.now().plusSeconds(1),
                    1_000_000).stream().filter(s -> s.operation().equals("price")).toList();
            assertThat(prices).isNotEmpty().allSatisfy(s -> assertThat(s.context().get("customer"))
                    .matches(java.util.regex.Pattern.quote(PrivacyFilter.HASH_PREFIX) + "[0-9a-f]{64}"));
        }
    }

    /** Writes to two streams. */
    private static final class TeeOutputStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeOutputStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
