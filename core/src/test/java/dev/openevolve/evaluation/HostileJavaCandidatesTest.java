package dev.openevolve.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.openevolve.config.EvaluationConfig;
import dev.openevolve.internal.sandbox.Sandbox;
import dev.openevolve.internal.sandbox.SandboxLimits;
import dev.openevolve.spi.Candidate;
import dev.openevolve.spi.EvaluationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each test is a hostile candidate, run through the pool against warm and (where the code path differs) cold child
 * JVMs: the evaluation fails with a reason naming the limit hit, within timeout + 1 s, and the next candidate
 * evaluates normally.
 */
class HostileJavaCandidatesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final long OUTPUT_CAP = 64 * 1024;
    private static final String FAKE_KEY = "sk-fake-openevolve-test-key";

    private static Sandbox sandbox;
    private static JavaSourceEvaluator warm;
    private static JavaSourceEvaluator cold;
    private static EvaluatorPool warmPool;
    private static EvaluatorPool coldPool;

    @BeforeAll
    static void start() {
        Map<String, String> hostEnv = new HashMap<>(System.getenv());
        hostEnv.put("OPENEVOLVE_API_KEY", FAKE_KEY);
        hostEnv.put("OPENEVOLVE_DB_PASSWORD", "hunter2");
        sandbox = Sandbox.create(new SandboxLimits(64, OUTPUT_CAP, 128, 1 << 20), hostEnv);
        EvaluationConfig config = new EvaluationConfig(TIMEOUT, 1, 0, false, List.of(), 64, OUTPUT_CAP);
        Path harness = JavaSourceEvaluatorTest.RESOURCES.resolve("ProbeHarness.java");
        warm = JavaSourceEvaluator.builder().harness(harness).sandbox(sandbox).memoryLimitMb(64)
                .maxOutputBytes(OUTPUT_CAP).warmWorkers(1).build();
        cold = JavaSourceEvaluator.builder().harness(harness).sandbox(sandbox).memoryLimitMb(64)
                .maxOutputBytes(OUTPUT_CAP).warmWorkers(0).build();
        warmPool = new EvaluatorPool(warm, config);
        coldPool = new EvaluatorPool(cold, config);
        EvaluationConfig patient = new EvaluationConfig(Duration.ofSeconds(60), 1, 0, false, List.of(), 64, OUTPUT_CAP);
        try (EvaluatorPool warmUp = new EvaluatorPool(warm, patient)) {
            assertThat(warmUp.evaluate(new Candidate("warm-up", probe("return 1.0;"), "java")).failure()).isEmpty();
        }
    }

    @AfterAll
    static void stop() {
        warmPool.close();
        coldPool.close();
        warm.close();
        cold.close();
    }

    private static String probe(String body) {
        return "import java.util.*; import java.nio.file.*;\npublic class Probe {\n"
                + "    public static double run() throws Exception {\n" + body + "\n    }\n"
                + "    static double deep(int n) { return deep(n + 1) + 1; }\n}\n";
    }

    private static EvaluationResult evaluate(String mode, String code) throws Exception {
        EvaluatorPool pool = mode.equals("warm") ? warmPool : coldPool;
        return pool.submit(new Candidate("hostile", code, "java"))
                .get(TIMEOUT.toMillis() + 1000 + 2000, TimeUnit.MILLISECONDS);
    }

    private static void nextCandidateEvaluatesNormally(String mode) throws Exception {
        EvaluationResult r = evaluate(mode, probe("return 1.0;"));
        assertThat(r.failure()).isEmpty();
        assertThat(r.metric("combined_score")).hasValue(1.0);
    }

    private static void assertFails(String mode, String body, String reasonStart) throws Exception {
        EvaluationResult r = evaluate(mode, probe(body));
        assertThat(r.succeeded()).as("hostile candidate must fail: %s", r).isFalse();
        assertThat(r.failureReason()).startsWith(reasonStart);
        nextCandidateEvaluatesNormally(mode);
    }

    @ParameterizedTest
    @ValueSource(strings = {"warm", "cold"})
    void endlessLoopIsKilledAtTheTimeout(String mode) throws Exception {
        assertFails(mode, "for (;;) { }", "timed out after 2 s (evaluation.timeout)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"warm"})
    void sleepPastTheTimeoutIsKilled(String mode) throws Exception {
        assertFails(mode, "Thread.sleep(60_000); return 1;", "timed out after 2 s (evaluation.timeout)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"warm", "cold"})
    void systemExitEndsOnlyTheChild(String mode) throws Exception {
        assertFails(mode, "System.exit(0); return 1;",
                "the candidate ended the JVM with exit code 0 before the harness returned (System.exit or Runtime.halt)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"warm"})
    void runtimeHaltEndsOnlyTheChild(String mode) throws Exception {
        assertFails(mode, "Runtime.getRuntime().halt(7); return 1;",
                "the candidate ended the JVM with exit code 7 before the harness returned");
    }

    @ParameterizedTest
    @ValueSource(strings = {"warm", "cold"})
    void allocatingUntilOutOfMemoryHitsTheMemoryLimit(String mode) throws Exception {
        assertFails(mode, "List<long[]> hog = new ArrayList<>(); for (;;) { hog.add(new long[1 << 20]); }",
                "out of memory: the candidate exceeded the memory limit of 64 MB (evaluation.memory_limit_mb)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"warm", "cold"})
    void gigabyteToStdoutHitsTheOutputCap(String mode) throws Exception {
        assertFails(mode, "byte[] mb = new byte[1 << 20]; Arrays.fill(mb, (byte) 'x');"
                        + " for (int i = 0; i < 1024; i++) { System.out.write(mb); } return 1;",
                "output limit exceeded: more than 65536 bytes written (evaluation.max_output_bytes)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"warm"})
    void deepRecursionIsAStackOverflow(String mode) throws Exception {
        assertFails(mode, "return deep(0);", "stack overflow (deep recursion): java.lang.StackOverflowError");
    }

    @ParameterizedTest
    @ValueSource(strings = {"warm", "cold"})
    void forkBombIsBoundedByTheProcessCap(String mode) throws Exception {
        assumeTrue(sandbox.capabilities().capsProcesses(),
                "this OS gives the sandbox no process cap (root without a writable pids cgroup): not run");
        assertFails(mode, "new ProcessBuilder(\"/bin/sh\", \"-c\", \"b() { b | b & }; b\").start();"
                        + " List<Process> ps = new ArrayList<>();"
                        + " for (int i = 0; i < 100_000; i++) { ps.add(new ProcessBuilder(\"sleep\", \"30\").start()); }"
                        + " return 1;",
                "process limit reached: the candidate tried to run more than 128 processes and threads");
    }

    @ParameterizedTest
    @ValueSource(strings = {"warm"})
    void writingOutsideTheWorkingDirectoryIsDenied(String mode, @TempDir Path hostDir) throws Exception {
        assumeTrue(sandbox.capabilities().dropsPrivileges(),
                "the sandbox cannot switch to an unprivileged user here: not run");
        Path target = hostDir.resolve("escaped.txt");
        assertFails(mode, "Files.writeString(Path.of(\"" + target + "\"), \"owned\"); return 1;",
                "harness ProbeHarness threw java.nio.file.AccessDeniedException: " + target);
        assertThat(target).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"warm", "cold"})
    void apiKeyInTheHostEnvironmentIsNotVisible(String mode) throws Exception {
        EvaluationResult r = evaluate(mode, probe(
                "return System.getenv(\"OPENEVOLVE_API_KEY\") == null && System.getenv(\"OPENEVOLVE_DB_PASSWORD\") == null ? 1 : 0;"));
        assertThat(r.metric("combined_score")).hasValue(1.0);
        assertThat(r.artifacts().get("env").split(","))
                .contains("HOME", "PATH", "TMPDIR")
                .isSubsetOf("CARGO_HOME", "HOME", "LANG", "PATH", "PWD", "RUSTUP_HOME", "TMPDIR");
        assertThat(r.toString()).doesNotContain(FAKE_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"warm", "cold"})
    void candidateFilesAreRemovedAfterwards(String mode) throws Exception {
        EvaluationResult r = evaluate(mode, probe(
                "Files.writeString(Path.of(System.getProperty(\"user.dir\"), \"left-behind.txt\"), \"x\");"
                        + " throw new IllegalStateException(System.getProperty(\"user.dir\"));"));
        String workdir = r.failureReason().substring(r.failureReason().lastIndexOf(": ") + 2);
        if (mode.equals("cold")) {
            assertThat(Path.of(workdir)).doesNotExist();
        } else {
            assertThat(Files.exists(Path.of(workdir))).isTrue();
        }
        nextCandidateEvaluatesNormally(mode);
    }
}
