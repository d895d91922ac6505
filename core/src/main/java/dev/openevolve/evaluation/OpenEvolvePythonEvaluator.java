package dev.openevolve.evaluation;

import dev.openevolve.evaluation.sandbox.Sandbox;
import dev.openevolve.evaluation.sandbox.SandboxCommand;
import dev.openevolve.evaluation.sandbox.SandboxLimits;
import dev.openevolve.evaluation.sandbox.SandboxResult;
import dev.openevolve.evaluation.sandbox.Workspace;
import dev.openevolve.spi.EvaluationRequest;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.OpenEvolveException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs evaluators written for Python OpenEvolve, unchanged: a Python file defining {@code evaluate(program_path)}
 * that returns a dict of metrics or an {@code EvaluationResult} (with {@code .metrics} and {@code .artifacts}), and
 * optionally {@code evaluate_stage1}, {@code evaluate_stage2}, ... for cascades. A small runner shipped with the
 * library imports the file in a sandboxed {@code python3} and provides an {@code openevolve.evaluation_result}
 * module so that {@code from openevolve.evaluation_result import EvaluationResult} works. The candidate is written
 * to {@code program.py} in a fresh private folder, which is also {@code HOME} and {@code TMPDIR}; the process runs in
 * the evaluator file's own folder, as under OpenEvolve, so relative paths to data files work. Only PATH, LANG and
 * the variables given to {@link Builder#environment} are passed on.
 *
 * <p>With cascade on and {@code evaluate_stage1} defined, stage {@code i} calls {@code evaluate_stage<i>} (as
 * OpenEvolve does); otherwise the single stage calls {@code evaluate}. An exception in the evaluator function is a
 * failed candidate; an evaluator file that does not import, or lacks the function, is an evaluator error.
 *
 * <p>Thread safe; holds no resources.
 */
public final class OpenEvolvePythonEvaluator implements Evaluator {
    private static final Logger LOG = LoggerFactory.getLogger(OpenEvolvePythonEvaluator.class);
    private static final String RESOURCES = "/dev/openevolve/evaluation/python/";
    private static final List<String> RUNNER_FILES = List.of("openevolve_runner.py", "openevolve/__init__.py",
            "openevolve/evaluation_result.py");
    private static final Pattern DEF = Pattern.compile("(?m)^def\\s+(evaluate(?:_stage(\\d+))?)\\s*\\(");

    private final Path evaluatorFile;
    private final Path python;
    private final int stages;
    private final boolean stageFunctions;
    private final Sandbox sandbox;
    private final boolean dropPrivileges;
    private final Map<String, byte[]> runner;
    private final Map<String, String> environment;

    private OpenEvolvePythonEvaluator(Builder b, String source) {
        this.evaluatorFile = b.evaluatorFile.toAbsolutePath().normalize();
        this.python = Executables.resolve(b.python);
        this.sandbox = b.sandbox != null ? b.sandbox
                : Sandbox.create(SandboxLimits.of(b.memoryLimitMb, b.maxOutputBytes));
        var defined = new java.util.HashSet<String>();
        DEF.matcher(source).results().forEach(m -> defined.add(m.group(1)));
        if (!defined.contains("evaluate") && !defined.contains("evaluate_stage1")) {
            throw new OpenEvolveException("python evaluator: " + evaluatorFile
                    + " must define evaluate(program_path) (or evaluate_stage1 for cascades)");
        }
        int n = 0;
        while (defined.contains("evaluate_stage" + (n + 1))) {
            n++;
        }
        this.stageFunctions = b.cascade && n > 0 || !defined.contains("evaluate");
        this.stages = stageFunctions ? n : 1;
        this.dropPrivileges = sandbox.accessibleToSandboxUser(python) && sandbox.accessibleToSandboxUser(evaluatorFile);
        if (!dropPrivileges && sandbox.capabilities().dropsPrivileges()) {
            LOG.warn("python evaluator: {} or {} is not readable by the sandbox user, so candidates run as this "
                    + "process's user (the other limits still apply). To fix it, make both readable by others "
                    + "(chmod o+rx on them and every folder above) or install the evaluator's packages for a python3 "
                    + "outside a private home (for example /usr/bin/python3) and put it first on PATH",
                    python, evaluatorFile);
        }
        this.runner = readRunner();
        this.environment = Map.copyOf(b.environment);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int stages() {
        return stages;
    }

    @Override
    public EvaluationResult evaluate(EvaluationRequest request) throws IOException, InterruptedException {
        String function = stageFunctions ? "evaluate_stage" + request.stage() : "evaluate";
        try (Workspace ws = sandbox.newWorkspace()) {
            Path runnerDir = ws.path().resolve(".openevolve-runner");
            for (Map.Entry<String, byte[]> f : runner.entrySet()) {
                Path target = runnerDir.resolve(f.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
            }
            Path program = Files.writeString(ws.path().resolve("program.py"), request.candidate().code(),
                    StandardCharsets.UTF_8);
            String nonce = UUID.randomUUID().toString();
            Map<String, String> env = new LinkedHashMap<>(environment);
            env.put("HOME", ws.path().toString());
            env.put("TMPDIR", ws.path().toString());
            env.put("PYTHONPATH", runnerDir.toString());
            env.put("PYTHONDONTWRITEBYTECODE", "1");
            env.put("PYTHONUNBUFFERED", "1");
            env.put("OPENBLAS_NUM_THREADS", "1");
            env.put("OMP_NUM_THREADS", "1");
            env.put("MKL_NUM_THREADS", "1");
            List<String> cmd = List.of(python.toString(), "-B", runnerDir.resolve("openevolve_runner.py").toString(),
                    evaluatorFile.toString(), program.toString(), function, nonce);
            SandboxResult r = sandbox.run(new SandboxCommand(cmd, evaluatorFile.getParent(), env, request.timeout(),
                    false, dropPrivileges));
            Optional<String> json = RunnerProtocol.findResult(r.stdout(), nonce);
            String subject = evaluatorFile.getFileName().toString();
            if (json.isPresent() && r.limitHit().isEmpty()) {
                return RunnerProtocol.decode(json.get(), subject, r.stderrTail(), sandbox.limits()).result();
            }
            return RunnerProtocol.withoutResult(r.limitHit(), r.exitCode(), r.stderrTail(), r.stdout(),
                    sandbox.limits(), subject + " ended with exit code {code} without a result");
        }
    }

    private static Map<String, byte[]> readRunner() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : RUNNER_FILES) {
            try (InputStream in = OpenEvolvePythonEvaluator.class.getResourceAsStream(RESOURCES + name)) {
                if (in == null) {
                    throw new OpenEvolveException("python runner resource " + RESOURCES + name + " is missing");
                }
                files.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read python runner resource " + name, e);
            }
        }
        return files;
    }

    @Override
    public String toString() {
        return "OpenEvolvePythonEvaluator[" + evaluatorFile + ", stages=" + stages + "]";
    }

    /** Builds an {@link OpenEvolvePythonEvaluator}. Not thread safe. */
    public static final class Builder {
        private Path evaluatorFile;
        private String python = "python3";
        private boolean cascade = true;
        private int memoryLimitMb = 512;
        private long maxOutputBytes = 1L << 20;
        private Sandbox sandbox;
        private Map<String, String> environment = Map.of();

        private Builder() {
        }

        /** Variables the evaluator sees on top of PATH, LANG, HOME and TMPDIR (for example {@code pass_env}). */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
            return this;
        }

        /** The OpenEvolve {@code evaluator.py}; required. */
        public Builder evaluatorFile(Path file) {
            this.evaluatorFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** The Python interpreter, a name on PATH or a path; default {@code python3}. */
        public Builder python(String interpreter) {
            this.python = Objects.requireNonNull(interpreter, "interpreter");
            return this;
        }

        /** Whether {@code evaluate_stage<i>} functions form cascade stages ({@code evaluation.cascade}); default on. */
        public Builder cascade(boolean cascade) {
            this.cascade = cascade;
            return this;
        }

        /** The address-space limit of the Python process in MiB; default 512. */
        public Builder memoryLimitMb(int mb) {
            this.memoryLimitMb = BuilderChecks.memoryLimitMb(mb);
            return this;
        }

        /** Bytes of stdout and stderr before the process is killed; default 1 MiB. */
        public Builder maxOutputBytes(long bytes) {
            this.maxOutputBytes = BuilderChecks.maxOutputBytes(bytes);
            return this;
        }

        /** The sandbox to use, overriding the memory and output settings. */
        public Builder sandbox(Sandbox sandbox) {
            this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
            return this;
        }

        /**
         * Builds the evaluator.
         *
         * @throws OpenEvolveException when the file is missing, unreadable or defines no evaluate function, or
         *                             the interpreter cannot be found
         */
        public OpenEvolvePythonEvaluator build() {
            if (evaluatorFile == null) {
                throw new OpenEvolveException("python evaluator: evaluator file is required (evaluatorFile(Path))");
            }
            String source;
            try {
                source = Files.readString(evaluatorFile, StandardCharsets.UTF_8);
            } catch (IOException | UncheckedIOException e) {
                throw new OpenEvolveException("python evaluator: cannot read " + evaluatorFile + ": " + e, e);
            }
            return new OpenEvolvePythonEvaluator(this, source);
        }
    }
}
