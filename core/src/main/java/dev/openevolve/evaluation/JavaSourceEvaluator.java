package dev.openevolve.evaluation;

import dev.openevolve.evaluation.runner.HarnessRunner;
import dev.openevolve.internal.sandbox.Sandbox;
import dev.openevolve.internal.sandbox.SandboxCommand;
import dev.openevolve.internal.sandbox.SandboxLimits;
import dev.openevolve.internal.sandbox.SandboxResult;
import dev.openevolve.internal.sandbox.Workspace;
import dev.openevolve.spi.Candidate;
import dev.openevolve.spi.EvaluationRequest;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.OpenEvolveException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Compiles the candidate (javax.tools, in process, {@code -proc:none}, diagnostics captured) together with the
 * user's scoring harness, then runs the harness in a sandboxed child JVM (own process, own temporary directory,
 * {@code -Xmx} from the memory limit, hard timeout that kills the process tree, output cap).
 *
 * <p>The harness is a Java source file declaring a public class with
 * {@code public static java.util.Map<String, ?> evaluate()} that calls the candidate's classes directly by name;
 * {@link Number} values become metrics, anything else an artifact (via {@code toString}). The candidate's file
 * name is derived from its public top-level type. A compile error gives a failed result with the javac diagnostics
 * ({@code File.java:line: error: message}) as artifact {@code compiler} and reason {@code "does not compile: ..."};
 * a crash, {@code System.exit}, endless loop or out-of-memory in the candidate gives a failed result naming it.
 *
 * <p>With warm workers (the default) the child JVMs are kept and reused: each candidate is loaded in a fresh class
 * loader, and a worker is replaced after a candidate misbehaved (timed out, exited, ran out of memory, left
 * threads running, wrote too much). With {@code warmWorkers(0)} every evaluation starts a new JVM.
 *
 * <p>Thread safe. {@link #close()} stops the warm workers.
 */
public final class JavaSourceEvaluator implements Evaluator {
    private static final String RUNNER_CLASS = HarnessRunner.class.getName();
    private static final String RUNNER_FILE = RUNNER_CLASS.replace('.', '/') + ".class";

    private final Path harnessFile;
    private final String harnessSource;
    private final JavaSources.TypeName harnessType;
    private final int memoryLimitMb;
    private final List<Path> extraClasspath;
    private final Sandbox sandbox;
    private final boolean dropPrivileges;
    private final byte[] runnerClass;
    private final WarmWorkerPool warm;

    private JavaSourceEvaluator(Builder b, String harnessSource, JavaSources.TypeName harnessType) {
        this.harnessFile = b.harness;
        this.harnessSource = harnessSource;
        this.harnessType = harnessType;
        this.memoryLimitMb = b.memoryLimitMb;
        this.extraClasspath = List.copyOf(b.extraClasspath);
        this.sandbox = b.sandbox != null ? b.sandbox.withLimits(b.sandbox.limits().withMemoryLimitMb(b.memoryLimitMb)
                .withMaxOutputBytes(b.maxOutputBytes))
                : Sandbox.create(SandboxLimits.of(b.memoryLimitMb, b.maxOutputBytes));
        this.runnerClass = readRunner();
        boolean drop = sandbox.accessibleToSandboxUser(javaBinary());
        for (Path p : extraClasspath) {
            drop &= sandbox.accessibleToSandboxUser(p);
        }
        this.dropPrivileges = drop;
        JavaCompilation.warmUpInBackground();
        this.warm = b.warmWorkers > 0 ? new WarmWorkerPool(new WarmWorkerPool.Kind("jvm", Map.of(), true,
                ENDED_EARLY, 200), sandbox, this::serveCommand, b.warmWorkers, dropPrivileges) : null;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The harness file this evaluator scores with. */
    public Path harness() {
        return harnessFile;
    }

    @Override
    public EvaluationResult evaluate(EvaluationRequest request) throws Exception {
        Candidate candidate = request.candidate();
        Optional<JavaSources.TypeName> type = JavaSources.primaryType(candidate.code());
        if (type.isEmpty()) {
            String msg = "the candidate declares no top-level class, interface, enum or record";
            return EvaluationResult.failure("does not compile: " + msg, Map.of("compiler", msg));
        }
        if (type.get().qualified().equals(harnessType.qualified())) {
            String msg = "the candidate's type " + type.get().qualified() + " has the harness's name";
            return EvaluationResult.failure("does not compile: " + msg, Map.of("compiler", msg));
        }
        if (warm != null) {
            var compiled = type.get();
            return warm.evaluate(new WarmWorkerPool.Job() {
                @Override
                public Optional<EvaluationResult> prepare(Path dir) {
                    try {
                        return compile(candidate, compiled, Files.createDirectories(dir.resolve("classes")));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException("cannot create " + dir.resolve("classes"), e);
                    }
                }

                @Override
                public List<String> request(Path dir) {
                    return List.of(classpath(dir.resolve("classes")), harnessType.qualified());
                }
            }, "harness " + harnessType.simpleName(), request.timeout());
        }
        try (Workspace ws = sandbox.newWorkspace()) {
            Path classes = Files.createDirectories(ws.path().resolve("classes"));
            Optional<EvaluationResult> notCompiled = compile(candidate, type.get(), classes);
            if (notCompiled.isPresent()) {
                return notCompiled.get();
            }
            Path runnerDir = writeRunner(ws.path());
            String nonce = UUID.randomUUID().toString();
            List<String> cmd = jvmCommand(runnerDir, ws.path());
            cmd.addAll(List.of("--once", nonce, classpath(classes), harnessType.qualified()));
            SandboxResult r = sandbox.run(new SandboxCommand(cmd, ws.path(), Map.of(), request.timeout(), true,
                    dropPrivileges));
            Optional<String> json = RunnerProtocol.findResult(r.stdout(), nonce);
            if (json.isPresent() && r.limitHit().isEmpty()) {
                return RunnerProtocol.decode(json.get(), "harness " + harnessType.simpleName(), r.stderrTail(),
                        sandbox.limits()).result();
            }
            return RunnerProtocol.withoutResult(r.limitHit(), r.exitCode(), r.stderrTail(), r.stdout(),
                    sandbox.limits(), ENDED_EARLY);
        }
    }

    static final String ENDED_EARLY = "the candidate ended the JVM with exit code {code} before the harness "
            + "returned (System.exit or Runtime.halt)";

    private Optional<EvaluationResult> compile(Candidate candidate, JavaSources.TypeName type, Path classes) {
        JavaCompilation.Outcome out = JavaCompilation.compile(List.of(
                new JavaSources.Source(type.fileName(), candidate.code()),
                new JavaSources.Source(harnessType.fileName(), harnessSource)), classes, extraClasspath);
        if (out.compiled()) {
            return Optional.empty();
        }
        return Optional.of(EvaluationResult.failure("does not compile: " + out.errors().get(0),
                Map.of("compiler", String.join("\n", out.errors()))));
    }

    private String classpath(Path classes) {
        List<String> entries = new ArrayList<>();
        if (classes != null) {
            entries.add(classes.toString());
        }
        extraClasspath.forEach(p -> entries.add(p.toAbsolutePath().toString()));
        return String.join(File.pathSeparator, entries);
    }

    private Path writeRunner(Path dir) throws IOException {
        Path runnerDir = dir.resolve("runner");
        Path file = runnerDir.resolve(RUNNER_FILE);
        Files.createDirectories(file.getParent());
        Files.write(file, runnerClass);
        return runnerDir;
    }

    private List<String> jvmCommand(Path runnerDir, Path workdir) {
        return new ArrayList<>(List.of(javaBinary().toString(), "-Xmx" + memoryLimitMb + "m",
                "-XX:MaxMetaspaceSize=128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData",
                "-Xshare:auto", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8",
                "-Djava.io.tmpdir=" + workdir, "-Duser.home=" + workdir,
                "-cp", runnerDir.toString(), RUNNER_CLASS));
    }

    private List<String> serveCommand(Path workdir) throws IOException {
        List<String> command = jvmCommand(writeRunner(workdir), workdir);
        command.add("--serve");
        return command;
    }

    private static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static byte[] readRunner() {
        try (InputStream in = HarnessRunner.class.getClassLoader().getResourceAsStream(RUNNER_FILE)) {
            if (in == null) {
                throw new OpenEvolveException("runner class " + RUNNER_FILE + " missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read runner class " + RUNNER_FILE, e);
        }
    }

    /** Stops the warm workers; idempotent. */
    @Override
    public void close() {
        if (warm != null) {
            warm.close();
        }
    }

    @Override
    public String toString() {
        return "JavaSourceEvaluator[harness=" + harnessFile + ", memoryLimitMb=" + memoryLimitMb + "]";
    }

    /** Builds a {@link JavaSourceEvaluator}. Not thread safe. */
    public static final class Builder {
        private Path harness;
        private int memoryLimitMb = 512;
        private long maxOutputBytes = 1L << 20;
        private List<Path> extraClasspath = List.of();
        private int warmWorkers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private Sandbox sandbox;

        private Builder() {
        }

        /** The scoring harness source file; required. */
        public Builder harness(Path harnessSourceFile) {
            this.harness = Objects.requireNonNull(harnessSourceFile, "harnessSourceFile");
            return this;
        }

        /** The child JVM's heap limit ({@code -Xmx}) in MiB, at least 16; default 512. */
        public Builder memoryLimitMb(int mb) {
            this.memoryLimitMb = BuilderChecks.memoryLimitMb(mb);
            return this;
        }

        /** Bytes the child may write to stdout and stderr before it is killed; default 1 MiB. */
        public Builder maxOutputBytes(long bytes) {
            this.maxOutputBytes = BuilderChecks.maxOutputBytes(bytes);
            return this;
        }

        /** Jars or directories the candidate and harness compile and run against. */
        public Builder extraClasspath(List<Path> entries) {
            List<Path> copy = List.copyOf(entries);
            for (Path p : copy) {
                if (!Files.exists(p)) {
                    throw new OpenEvolveException("extra classpath entry " + p + " does not exist");
                }
            }
            this.extraClasspath = copy;
            return this;
        }

        /**
         * How many warm child JVMs to keep for reuse; {@code 0} starts a new JVM for every evaluation. Default: the
         * number of processors, at most 4.
         */
        public Builder warmWorkers(int workers) {
            if (workers < 0) {
                throw new IllegalArgumentException("warmWorkers must not be negative but was " + workers);
            }
            this.warmWorkers = workers;
            return this;
        }

        /** The sandbox to run in; default: {@link Sandbox#create} with every capability this OS offers. */
        Builder sandbox(Sandbox sandbox) {
            this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
            return this;
        }

        /**
         * Builds the evaluator.
         *
         * @throws OpenEvolveException when the harness is missing, unreadable or lacks {@code public static evaluate()}
         */
        public JavaSourceEvaluator build() {
            if (harness == null) {
                throw new OpenEvolveException("java evaluator: harness is required (harness(Path))");
            }
            String source;
            try {
                source = Files.readString(harness, StandardCharsets.UTF_8);
            } catch (IOException | UncheckedIOException e) {
                throw new OpenEvolveException("java evaluator: cannot read harness " + harness + ": " + e, e);
            }
            JavaSources.TypeName type = JavaSources.primaryType(source).orElseThrow(() -> new OpenEvolveException(
                    "java evaluator: harness " + harness + " declares no top-level class"));
            if (!JavaSources.hasStaticEvaluate(type)) {
                throw new OpenEvolveException("java evaluator: harness " + harness + " must declare "
                        + "'public static java.util.Map<String, ?> evaluate()' in class " + type.simpleName());
            }
            return new JavaSourceEvaluator(this, source, type);
        }
    }
}
