package dev.openevolve.evaluation;

import dev.openevolve.internal.sandbox.Sandbox;
import dev.openevolve.internal.sandbox.SandboxCommand;
import dev.openevolve.internal.sandbox.SandboxLimits;
import dev.openevolve.internal.sandbox.SandboxResult;
import dev.openevolve.internal.sandbox.Workspace;
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
 * <p>With {@code warmWorkers(n)} (n &gt; 0) up to n warm interpreters import the evaluator once and fork one child
 * per candidate (the runner's serve mode): each candidate still runs in its own process under the same sandbox
 * limits, in the evaluator's folder, without the cost of starting Python and importing the evaluator and its
 * libraries. The cascade stages of one candidate run one after the other in its child (as under OpenEvolve, where
 * every stage runs in one process), which is kept between them, so a stage costs no fork; a retried or repeated
 * stage gets a new child. A worker whose candidate timed out or misbehaved is replaced. With {@code warmWorkers(0)}
 * (the builder's default) every evaluation starts a new interpreter.
 *
 * <p>Thread safe; {@link #close()} stops the warm workers.
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
    private final WarmWorkerPool warm;

    private OpenEvolvePythonEvaluator(Builder b, String source) {
        this.evaluatorFile = b.evaluatorFile.toAbsolutePath().normalize();
        this.sandbox = b.sandbox != null ? b.sandbox
                : Sandbox.create(SandboxLimits.of(b.memoryLimitMb, b.maxOutputBytes));
        this.python = readableInterpreter(interpreterBehind(Executables.resolve(b.python), evaluatorFile.getParent()),
                sandbox, source, evaluatorFile.getParent());
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
        this.warm = b.warmWorkers > 0 ? new WarmWorkerPool(new WarmWorkerPool.Kind("python", baseEnvironment(),
                false, ENDED_EARLY, PYTHON_WORKER_USES), sandbox, this::serveCommand, b.warmWorkers, dropPrivileges) : null;
    }

    /**
     * {@code configured}, or when the sandbox user cannot read it (an interpreter under root's home, say) another
     * python3 on PATH (or in /usr/bin, /usr/local/bin) that it can read and that imports every module the evaluator
     * imports, so candidates are not run as this process's user for want of a readable interpreter.
     */
    private static Path readableInterpreter(Path configured, Sandbox sandbox, String source, Path folder) {
        if (!sandbox.capabilities().dropsPrivileges() || sandbox.accessibleToSandboxUser(configured)) {
            return configured;
        }
        var candidates = new java.util.LinkedHashSet<Path>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = dir.isEmpty() ? null : Path.of(dir, "python3");
            if (p != null && Files.isExecutable(p)) {
                candidates.add(interpreterBehind(p, folder));
            }
        }
        candidates.add(Path.of("/usr/local/bin/python3"));
        candidates.add(Path.of("/usr/bin/python3"));
        List<String> modules = importedModules(source, folder);
        for (Path candidate : candidates) {
            if (!candidate.equals(configured) && Files.isExecutable(candidate)
                    && sandbox.accessibleToSandboxUser(candidate) && imports(candidate, modules, folder)) {
                LOG.info("python evaluator: using {} (readable by the sandbox user, imports {}) instead of {}",
                        candidate, modules, configured);
                return candidate;
            }
        }
        return configured;
    }

    private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s+([^#\\n]+)");
    private static final Pattern FROM = Pattern.compile("(?m)^\\s*from\\s+([A-Za-z_]\\w*)[\\w.]*\\s+import\\b");

    /** Top-level modules the evaluator imports that are neither beside it nor provided by the runner. */
    static List<String> importedModules(String source, Path folder) {
        var modules = new java.util.TreeSet<String>();
        IMPORT.matcher(source).results().forEach(m -> {
            for (String part : m.group(1).split(",")) {
                String name = part.strip().split("\\s+")[0].split("\\.")[0];
                if (name.matches("[A-Za-z_]\\w*")) {
                    modules.add(name);
                }
            }
        });
        FROM.matcher(source).results().forEach(m -> modules.add(m.group(1)));
        modules.removeIf(m -> m.equals("openevolve") || m.equals("__future__")
                || Files.exists(folder.resolve(m + ".py")) || Files.isDirectory(folder.resolve(m)));
        return List.copyOf(modules);
    }

    private static boolean imports(Path interpreter, List<String> modules, Path folder) {
        try {
            Process p = new ProcessBuilder(interpreter.toString(), "-c",
                    modules.isEmpty() ? "pass" : "import " + String.join(", ", modules))
                    .directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The interpreter this evaluator runs. */
    Path interpreter() {
        return python;
    }

    /**
     * The interpreter a launcher such as a pyenv shim (a shell script that picks a version for the folder) runs:
     * asked once, in the evaluator's folder, so each evaluation starts the interpreter itself. {@code launcher}
     * when the answer is not an executable file.
     */
    private static Path interpreterBehind(Path launcher, Path folder) {
        try {
            Process p = new ProcessBuilder(launcher.toString(), "-c", "import sys; print(sys.executable)")
                    .directory(folder.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0 && !answer.isEmpty()) {
                Path real = Path.of(answer);
                if (real.isAbsolute() && Files.isRegularFile(real) && Files.isExecutable(real)) {
                    return real;
                }
            }
            p.destroyForcibly();
        } catch (IOException | java.nio.file.InvalidPathException e) {
            LOG.debug("python evaluator: cannot ask {} for its interpreter: {}", launcher, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return launcher;
    }

    /**
     * Stages a warm interpreter serves before it is replaced. Candidates run in forked children, never in the
     * worker itself, so its state does not drift; the bound only renews it now and then.
     */
    private static final int PYTHON_WORKER_USES = 5000;
    private static final String ENDED_EARLY = "the candidate ended the evaluator's process with exit code {code} "
            + "before it returned";

    private Map<String, String> baseEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONUNBUFFERED", "1");
        env.put("OPENBLAS_NUM_THREADS", "1");
        env.put("OMP_NUM_THREADS", "1");
        env.put("MKL_NUM_THREADS", "1");
        return env;
    }

    private Path writeRunner(Path dir) throws IOException {
        Path runnerDir = dir.resolve(".openevolve-runner");
        for (Map.Entry<String, byte[]> f : runner.entrySet()) {
            Path target = runnerDir.resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, f.getValue());
        }
        return runnerDir;
    }

    private List<String> serveCommand(Path workdir) throws IOException {
        Path runnerDir = writeRunner(workdir);
        return List.of(python.toString(), "-B", runnerDir.resolve("openevolve_runner.py").toString(), "--serve",
                evaluatorFile.toString());
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
        String subject = evaluatorFile.getFileName().toString();
        if (warm != null) {
            return warm.evaluate(new WarmWorkerPool.Job() {
                @Override
                public Optional<EvaluationResult> prepare(Path dir) {
                    try {
                        Files.writeString(dir.resolve("program.py"), request.candidate().code(),
                                StandardCharsets.UTF_8);
                        return Optional.empty();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write the candidate into " + dir, e);
                    }
                }

                @Override
                public List<String> request(Path dir) {
                    return List.of(dir.resolve("program.py").toString(), function);
                }

                @Override
                public Optional<WarmWorkerPool.Stage> stage() {
                    return Optional.of(new WarmWorkerPool.Stage(request.candidate(), request.stage(),
                            request.stage() < stages));
                }
            }, subject, request.timeout());
        }
        try (Workspace ws = sandbox.newWorkspace()) {
            Path runnerDir = writeRunner(ws.path());
            Path program = Files.writeString(ws.path().resolve("program.py"), request.candidate().code(),
                    StandardCharsets.UTF_8);
            String nonce = UUID.randomUUID().toString();
            Map<String, String> env = baseEnvironment();
            env.put("HOME", ws.path().toString());
            env.put("TMPDIR", ws.path().toString());
            env.put("PYTHONPATH", runnerDir.toString());
            List<String> cmd = List.of(python.toString(), "-B", runnerDir.resolve("openevolve_runner.py").toString(),
                    evaluatorFile.toString(), program.toString(), function, nonce);
            SandboxResult r = sandbox.run(new SandboxCommand(cmd, evaluatorFile.getParent(), env, request.timeout(),
                    false, dropPrivileges));
            Optional<String> json = RunnerProtocol.findResult(r.stdout(), nonce);
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
    public void close() {
        if (warm != null) {
            warm.close();
        }
    }

    @Override
    public String toString() {
        return "OpenEvolvePythonEvaluator[" + evaluatorFile + ", stages=" + stages
                + (warm != null ? ", warm workers" : "") + "]";
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
        private int warmWorkers;

        private Builder() {
        }

        /** Warm interpreters kept ready (0, the default, starts a new interpreter per evaluation). */
        public Builder warmWorkers(int workers) {
            if (workers < 0) {
                throw new IllegalArgumentException("warmWorkers must not be negative but was " + workers);
            }
            this.warmWorkers = workers;
            return this;
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
        Builder sandbox(Sandbox sandbox) {
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
