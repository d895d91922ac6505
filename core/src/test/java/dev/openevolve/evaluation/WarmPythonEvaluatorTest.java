package dev.openevolve.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.spi.Candidate;
import dev.openevolve.spi.EvaluationRequest;
import dev.openevolve.spi.EvaluationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warm Python interpreters: each candidate in a child forked from a warm worker, isolated from the next. */
class WarmPythonEvaluatorTest {
    @TempDir
    Path dir;

    private OpenEvolvePythonEvaluator warm;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("data.txt"), "0.5\n");
        Path evaluator = Files.writeString(dir.resolve("evaluator.py"), String.join("\n",
                "import importlib.util, os",
                "STATE = {'calls': 0}",
                "def evaluate(program_path):",
                "    STATE['calls'] += 1",
                "    spec = importlib.util.spec_from_file_location('program', program_path)",
                "    program = importlib.util.module_from_spec(spec)",
                "    spec.loader.exec_module(program)",
                "    with open('data.txt') as f:",
                "        base = float(f.read())",
                "    return {'combined_score': base * program.run(), 'calls': STATE['calls'], 'pid': os.getpid()}",
                ""));
        warm = OpenEvolvePythonEvaluator.builder().evaluatorFile(evaluator).cascade(false).warmWorkers(1)
                .memoryLimitMb(256).build();
    }

    @AfterEach
    void stop() {
        warm.close();
    }

    private EvaluationResult run(String code, Duration timeout) throws Exception {
        return warm.evaluate(new EvaluationRequest(new Candidate("p1", code, "python"), 1, timeout));
    }

    private EvaluationResult good() throws Exception {
        return run("def run():\n    return 1.0\n", Duration.ofSeconds(30));
    }

    @Test
    void scoresInTheEvaluatorsFolderAndEveryCandidateStartsFromTheWarmState() throws Exception {
        EvaluationResult first = good();
        EvaluationResult second = run("import evaluator\nevaluator.STATE['calls'] = 100\n"
                + "def run():\n    return 2.0\n", Duration.ofSeconds(30));
        EvaluationResult third = good();
        assertThat(first.failure()).as(first.artifacts().toString()).isEmpty();
        assertThat(first.metric("combined_score")).hasValue(0.5);
        assertThat(second.metric("combined_score")).hasValue(1.0);
        assertThat(third.metric("calls")).hasValue(1.0);
        assertThat(first.metric("pid")).isNotEqualTo(third.metric("pid"));
    }

    @Test
    void aFailingCandidateIsAFailureAndTheNextOneRuns() throws Exception {
        assertThat(run("def run():\n    raise ValueError('nope')\n", Duration.ofSeconds(30)).failureReason())
                .isEqualTo("evaluator.py threw ValueError: nope");
        assertThat(run("def broken(:\n", Duration.ofSeconds(30)).failureReason())
                .startsWith("evaluator.py threw SyntaxError:");
        assertThat(run("import os\ndef run():\n    os._exit(3)\n", Duration.ofSeconds(30)).failureReason())
                .contains("exit code 3");
        assertThat(good().metric("combined_score")).hasValue(0.5);
    }

    @Test
    void aCandidateCannotReadTheWorkersRequestsOrWriteItsReplies() throws Exception {
        EvaluationResult r = run("import sys, os\nos.write(1, b'OPENEVOLVE-RESULT x {}\\n')\n"
                + "def run():\n    return float(len(sys.stdin.read()) + 1)\n", Duration.ofSeconds(30));
        assertThat(r.metric("combined_score")).hasValue(0.5);
        assertThat(good().metric("combined_score")).hasValue(0.5);
    }

    @Test
    void timeoutsAndMemoryHogsAreStoppedAndTheWorkerIsReplaced() throws Exception {
        assertThat(run("def run():\n    while True:\n        pass\n", Duration.ofSeconds(1)).failureReason())
                .isEqualTo("timed out after 1 s (evaluation.timeout); process tree killed");
        assertThat(good().metric("combined_score")).hasValue(0.5);
        assertThat(run("def run():\n    hog = bytearray(1024 * 1024 * 1024)\n    return 1.0\n",
                Duration.ofSeconds(30)).failureReason()).startsWith("out of memory");
        assertThat(good().metric("combined_score")).hasValue(0.5);
    }
    @Test
    void theStagesOfOneCandidateShareItsChildAndTheNextCandidateGetsAFreshOne() throws Exception {
        Path evaluator = Files.writeString(dir.resolve("cascade.py"), String.join("\n",
                "import os",
                "SEEN = []",
                "def evaluate_stage1(program_path):",
                "    SEEN.append(1)",
                "    return {'combined_score': 1.0, 'pid': os.getpid(), 'worker': os.getppid(), 'seen': len(SEEN)}",
                "def evaluate_stage2(program_path):",
                "    SEEN.append(2)",
                "    return {'combined_score': 1.0, 'pid': os.getpid(), 'worker': os.getppid(), 'seen': len(SEEN)}",
                ""));
        try (var cascade = OpenEvolvePythonEvaluator.builder().evaluatorFile(evaluator).warmWorkers(1)
                .memoryLimitMb(256).build()) {
            var first = new Candidate("first", "x = 0\n", "python");   // the pool settles on one worker
            cascade.evaluate(new EvaluationRequest(first, 1, Duration.ofSeconds(30)));
            cascade.evaluate(new EvaluationRequest(first, 2, Duration.ofSeconds(30)));
            var a = new Candidate("a", "x = 1\n", "python");
            var b = new Candidate("b", "x = 2\n", "python");
            EvaluationResult a1 = cascade.evaluate(new EvaluationRequest(a, 1, Duration.ofSeconds(30)));
            EvaluationResult a2 = cascade.evaluate(new EvaluationRequest(a, 2, Duration.ofSeconds(30)));
            EvaluationResult b1 = cascade.evaluate(new EvaluationRequest(b, 1, Duration.ofSeconds(30)));
            EvaluationResult b1again = cascade.evaluate(new EvaluationRequest(b, 1, Duration.ofSeconds(30)));
            EvaluationResult b2 = cascade.evaluate(new EvaluationRequest(b, 2, Duration.ofSeconds(30)));
            assertThat(a1.failure()).as(a1.artifacts().toString()).isEmpty();
            assertThat(a2.metric("pid")).as("stage 2 runs in stage 1's child").isEqualTo(a1.metric("pid"));
            assertThat(a2.metric("seen")).hasValue(2.0);
            assertThat(b1.metric("pid")).as("another candidate, another child").isNotEqualTo(a1.metric("pid"));
            assertThat(b1.metric("seen")).as("nothing of candidate a reaches b").hasValue(1.0);
            assertThat(b1again.metric("pid")).as("a repeated stage gets a new child").isNotEqualTo(b1.metric("pid"));
            assertThat(b1again.metric("seen")).hasValue(1.0);
            assertThat(b2.metric("pid")).isEqualTo(b1again.metric("pid"));
            assertThat(b2.metric("worker")).as("the kept child is no stray: the worker is not replaced")
                    .isEqualTo(a1.metric("worker"));
        }
    }
}
