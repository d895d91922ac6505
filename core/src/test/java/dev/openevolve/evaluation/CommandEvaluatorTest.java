package dev.openevolve.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.config.EvaluationConfig;
import dev.openevolve.spi.Candidate;
import dev.openevolve.spi.EvaluationRequest;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.OpenEvolveException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandEvaluatorTest {
    @TempDir
    Path dir;

    private Path script(String name, String body) throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static EvaluationResult run(CommandEvaluator e, String code, Duration timeout) throws Exception {
        return e.evaluate(new EvaluationRequest(new Candidate("c1", code, "python"), 1, timeout));
    }

    private static CommandEvaluator evaluator(Path script) {
        return CommandEvaluator.builder().command(List.of(script.toString())).build();
    }

    @Test
    void readsMetricsAndArtifactsFromStdoutWithTheCandidatePathAppended() throws Exception {
        Path s = script("score.sh", "n=$(wc -c < \"$1\")\n"
                + "echo \"{\\\"metrics\\\": {\\\"combined_score\\\": 0.5, \\\"size\\\": $n}, "
                + "\\\"artifacts\\\": {\\\"file\\\": \\\"$(basename \"$1\")\\\"}}\"");
        EvaluationResult r = run(evaluator(s), "print('hello')\n", Duration.ofSeconds(10));
        assertThat(r.failure()).isEmpty();
        assertThat(r.metrics()).containsEntry("combined_score", 0.5).containsEntry("size", 15.0);
        assertThat(r.artifacts()).containsEntry("file", "program.py");
    }

    @Test
    void flatJsonOnTheLastLineAfterLogOutput() throws Exception {
        Path s = script("flat.sh", "echo 'compiling...'\necho 'running...'\necho '{\"score\": 3, \"note\": \"fine\"}'");
        EvaluationResult r = run(evaluator(s), "x", Duration.ofSeconds(10));
        assertThat(r.metrics()).containsEntry("score", 3.0);
        assertThat(r.artifacts()).containsEntry("note", "fine");
    }

    @Test
    void readsTheResultsFileWhenWritten() throws Exception {
        Path s = script("file.sh", "echo 'not json'\necho '{\"combined_score\": 0.25}' > \"$OPENEVOLVE_RESULTS\"");
        assertThat(run(evaluator(s), "x", Duration.ofSeconds(10)).metric("combined_score")).hasValue(0.25);
    }

    @Test
    void nonZeroExitFailsWithTheStderrTail() throws Exception {
        Path s = script("fail.sh", "echo 'assertion failed: wrong answer' >&2\nexit 3");
        EvaluationResult r = run(evaluator(s), "x", Duration.ofSeconds(10));
        assertThat(r.failureReason()).isEqualTo("command exited with code 3");
        assertThat(r.artifacts().get("stderr")).contains("assertion failed: wrong answer");
    }

    @Test
    void errorFieldIsAFailedCandidate() throws Exception {
        Path s = script("err.sh", "echo '{\"error\": \"program crashed\", \"combined_score\": 0}'");
        assertThat(run(evaluator(s), "x", Duration.ofSeconds(10)).failureReason())
                .isEqualTo("command reported an error: program crashed");
    }

    @Test
    void garbageOutputThroughThePoolIsAFailedEvaluation() throws Exception {
        Path s = script("garbage.sh", "echo 'Traceback: %%% not json at all'");
        EvaluationConfig config = new EvaluationConfig(Duration.ofSeconds(10), 1, 2, false, List.of(), 256, 1 << 20);
        try (CommandEvaluator e = evaluator(s); EvaluatorPool pool = new EvaluatorPool(e, config)) {
            EvaluationResult r = pool.evaluate(new Candidate("c1", "x", "python"));
            assertThat(r.failureReason()).isEqualTo("command printed invalid JSON on stdout (expected one JSON "
                    + "object with metrics): 'Traceback: %%% not json at all'");
            assertThat(r.artifacts().get("stdout")).contains("Traceback");
        }
    }

    @Test
    void commandSleepingPastTheTimeoutIsKilledWithItsChildren() throws Exception {
        Path s = script("sleepy.sh", "sleep 30 &\nsleep 30");
        EvaluationResult r = run(evaluator(s), "x", Duration.ofMillis(500));
        assertThat(r.failureReason()).isEqualTo("timed out after 0.5 s (evaluation.timeout); process tree killed");
    }

    @Test
    void outputFloodHitsTheCap() throws Exception {
        Path s = script("flood.sh", "yes 'spam spam spam'");
        CommandEvaluator e = CommandEvaluator.builder().command(List.of(s.toString())).maxOutputBytes(10_000).build();
        assertThat(run(e, "x", Duration.ofSeconds(10)).failureReason())
                .isEqualTo("output limit exceeded: more than 10000 bytes written (evaluation.max_output_bytes); process tree killed");
    }

    @Test
    void missingCommandIsRejectedNamingIt() {
        assertThatThrownBy(() -> CommandEvaluator.builder().command(List.of("/no/such/scorer")).build())
                .isInstanceOf(OpenEvolveException.class)
                .hasMessage("command /no/such/scorer does not exist or is not executable");
    }
}
