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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenEvolvePythonEvaluatorTest {
    /** The OpenEvolve example shipped in examples/, used unchanged. */
    static final Path DIR = Path.of("../examples/function_minimization");
    static final Path EVALUATOR = DIR.resolve("evaluator.py");

    private static String initialProgram() throws Exception {
        return Files.readString(DIR.resolve("initial_program.py"));
    }

    private static EvaluationResult run(OpenEvolvePythonEvaluator e, String code, int stage, Duration timeout)
            throws Exception {
        return e.evaluate(new EvaluationRequest(new Candidate("p1", code, "python"), stage, timeout));
    }

    @Test
    void openEvolveEvaluatorScoresTheInitialProgramWithEvaluate() throws Exception {
        OpenEvolvePythonEvaluator e = OpenEvolvePythonEvaluator.builder().evaluatorFile(EVALUATOR).cascade(false).build();
        assertThat(e.stages()).isEqualTo(1);
        EvaluationResult r = run(e, initialProgram(), 1, Duration.ofSeconds(30));
        assertThat(r.failure()).isEmpty();
        assertThat(r.metric("combined_score").getAsDouble()).isBetween(0.01, 1.0);
        assertThat(r.metrics()).containsKeys("runs_successfully", "reliability");
        assertThat(r.artifacts().get("timing")).startsWith("5 runs in ");
    }

    @Test
    void cascadeRunsStageFunctionsThroughThePoolAndMergesMetrics() throws Exception {
        OpenEvolvePythonEvaluator e = OpenEvolvePythonEvaluator.builder().evaluatorFile(EVALUATOR).build();
        assertThat(e.stages()).isEqualTo(2);
        EvaluationConfig config = new EvaluationConfig(Duration.ofSeconds(30), 1, 0, true, List.of(0.1), 512, 1 << 20);
        try (EvaluatorPool pool = new EvaluatorPool(e, config)) {
            EvaluationResult r = pool.evaluate(new Candidate("p1", initialProgram(), "python"));
            assertThat(r.failure()).isEmpty();
            assertThat(r.metrics()).containsKeys("runs_successfully", "reliability", "combined_score");
            assertThat(r.artifacts()).containsKeys("timing", "scores").doesNotContainKey("cascade");
        }
        EvaluationConfig strict = new EvaluationConfig(Duration.ofSeconds(30), 1, 0, true, List.of(0.99), 512, 1 << 20);
        try (EvaluatorPool pool = new EvaluatorPool(e, strict)) {
            EvaluationResult r = pool.evaluate(new Candidate("p1", initialProgram(), "python"));
            assertThat(r.succeeded()).isTrue();
            assertThat(r.metrics()).doesNotContainKey("reliability");
            assertThat(r.artifacts().get("cascade")).startsWith("stopped after stage 1 of 2: fitness ");
        }
    }

    @Test
    void candidateThatRaisesIsAFailedEvaluationNamingTheError() throws Exception {
        OpenEvolvePythonEvaluator e = OpenEvolvePythonEvaluator.builder().evaluatorFile(EVALUATOR).cascade(false).build();
        EvaluationResult r = run(e, initialProgram().replace("rng = random.Random(seed)",
                "raise ValueError('no search today')"), 1, Duration.ofSeconds(30));
        assertThat(r.failureReason()).isEqualTo("evaluator.py threw ValueError: no search today");
        assertThat(r.artifacts().get("stacktrace")).contains("search_algorithm");
    }

    @Test
    void candidateWithSyntaxErrorFails() throws Exception {
        OpenEvolvePythonEvaluator e = OpenEvolvePythonEvaluator.builder().evaluatorFile(EVALUATOR).cascade(false).build();
        EvaluationResult r = run(e, "def broken(:\n", 1, Duration.ofSeconds(30));
        assertThat(r.failureReason()).startsWith("evaluator.py threw SyntaxError:");
    }

    @Test
    void endlessLoopIsKilledAtTheTimeout() throws Exception {
        OpenEvolvePythonEvaluator e = OpenEvolvePythonEvaluator.builder().evaluatorFile(EVALUATOR).cascade(false).build();
        EvaluationResult r = run(e, "def run_search(seed=0):\n    while True:\n        pass\n", 1, Duration.ofSeconds(1));
        assertThat(r.failureReason()).isEqualTo("timed out after 1 s (evaluation.timeout); process tree killed");
    }

    @Test
    void memoryHogHitsTheAddressSpaceLimit() throws Exception {
        OpenEvolvePythonEvaluator e = OpenEvolvePythonEvaluator.builder().evaluatorFile(EVALUATOR).cascade(false)
                .memoryLimitMb(128).build();
        EvaluationResult r = run(e, "def run_search(seed=0):\n    hog = bytearray(1024 * 1024 * 1024)\n    return 0, 0\n",
                1, Duration.ofSeconds(10));
        assertThat(r.failureReason()).isEqualTo(
                "out of memory: the candidate exceeded the memory limit of 128 MB (evaluation.memory_limit_mb)");
    }

    @Test
    void evaluatorRunsInItsOwnFolderWithAPrivateHomeAndOnlyThePassedVariables(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("data.txt"), "0.25\n");
        Path evaluator = Files.writeString(dir.resolve("evaluator.py"), String.join("\n",
                "import os",
                "def evaluate(program_path):",
                "    with open('data.txt') as f:",
                "        value = float(f.read())",
                "    home = os.environ['HOME']",
                "    open(os.path.join(home, 'probe'), 'w').close()",
                "    return {'combined_score': value, 'cwd': os.getcwd(), 'home': home,",
                "            'passed': os.environ.get('OE_PASSED', '-'), 'other': os.environ.get('OE_OTHER', '-')}",
                ""));
        OpenEvolvePythonEvaluator e = OpenEvolvePythonEvaluator.builder().evaluatorFile(evaluator)
                .environment(Map.of("OE_PASSED", "yes")).build();
        EvaluationResult r = run(e, "x = 1\n", 1, Duration.ofSeconds(30));
        assertThat(r.failure()).as(r.artifacts().toString()).isEmpty();
        assertThat(r.metric("combined_score").getAsDouble()).isEqualTo(0.25);
        assertThat(Path.of(r.artifacts().get("cwd")).toRealPath()).isEqualTo(dir.toRealPath());
        assertThat(r.artifacts().get("home")).isNotEqualTo(System.getenv("HOME")).doesNotStartWith(dir.toString());
        assertThat(r.artifacts()).containsEntry("passed", "yes").containsEntry("other", "-");
        assertThat(dir.resolve("probe")).doesNotExist();
    }

    @Test
    void theModulesAnEvaluatorImportsAreFoundExceptItsOwnAndTheRunners(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("helpers.py"), "X = 1\n");
        String source = String.join("\n", "import os, sys as system", "import numpy.linalg", "from scipy import stats",
                "from openevolve.evaluation_result import EvaluationResult", "import helpers",
                "from . import sibling", "  import json  # indented", "# import commented", "");
        assertThat(OpenEvolvePythonEvaluator.importedModules(source, dir))
                .containsExactly("json", "numpy", "os", "scipy", "sys");
    }

    @Test
    void anInterpreterTheSandboxUserCannotReadIsReplacedByOneItCan() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "openevolve-readable");
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Path evaluator = Files.writeString(dir.resolve("evaluator.py"),
                    "import os, math\ndef evaluate(program_path):\n    return {'combined_score': 1.0, 'uid': os.getuid()}\n");
            var sandbox = dev.openevolve.internal.sandbox.Sandbox.create(
                    dev.openevolve.internal.sandbox.SandboxLimits.of(512, 1 << 20));
            Path onPath = Executables.resolve("python3");
            org.junit.jupiter.api.Assumptions.assumeTrue(sandbox.capabilities().dropsPrivileges()
                    && !sandbox.accessibleToSandboxUser(onPath), "python3 on PATH is readable by the sandbox user "
                    + "(or the sandbox keeps this user): nothing to replace here");
            OpenEvolvePythonEvaluator e = OpenEvolvePythonEvaluator.builder().evaluatorFile(evaluator).build();
            assertThat(sandbox.accessibleToSandboxUser(e.interpreter())).as(e.interpreter().toString()).isTrue();
            EvaluationResult r = run(e, "x = 1\n", 1, Duration.ofSeconds(30));
            assertThat(r.metric("uid").getAsDouble()).isNotZero();
        } finally {
            dev.openevolve.internal.sandbox.Workspace.deleteTree(dir);
        }
    }

    @Test
    void evaluatorFileWithoutEvaluateIsRejectedNamingIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("evaluator.py"), "def score(path):\n    return {}\n");
        assertThatThrownBy(() -> OpenEvolvePythonEvaluator.builder().evaluatorFile(file).build())
                .isInstanceOf(OpenEvolveException.class)
                .hasMessage("python evaluator: " + file + " must define evaluate(program_path) (or evaluate_stage1 for cascades)");
    }

    @Test
    void evaluatorReturningGarbageIsAnEvaluatorError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("evaluator.py"), "def evaluate(path):\n    return 42\n");
        OpenEvolvePythonEvaluator e = OpenEvolvePythonEvaluator.builder().evaluatorFile(file).build();
        assertThatThrownBy(() -> run(e, "x = 1\n", 1, Duration.ofSeconds(30)))
                .isInstanceOf(OpenEvolveException.class)
                .hasMessage("evaluator.py cannot be used: returned int instead of a dict or an EvaluationResult");
    }
}
