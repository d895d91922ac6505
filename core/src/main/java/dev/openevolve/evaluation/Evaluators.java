package dev.openevolve.evaluation;

import dev.openevolve.config.EvaluationConfig;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.OpenEvolveException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Picks the built-in evaluator for an evaluator file, as the command line does. Stateless and thread safe. */
public final class Evaluators {
    private Evaluators() {
    }

    /**
     * The evaluator for {@code evaluatorFile}: a {@code .java} harness gives a {@link JavaSourceEvaluator}, a
     * {@code .py} file an {@link OpenEvolvePythonEvaluator}, any other executable file a {@link CommandEvaluator};
     * memory, output cap, cascade and warm workers (JVMs or Python interpreters, one per evaluation.parallelism)
     * follow {@code config}, and the variables named by
     * {@link EvaluationConfig#passEnv()} are passed on from this process's environment. The caller closes the
     * evaluator.
     *
     * @throws OpenEvolveException naming the file when it is missing, unreadable or of none of these kinds
     */
    public static Evaluator forFile(Path evaluatorFile, EvaluationConfig config) {
        Objects.requireNonNull(evaluatorFile, "evaluatorFile");
        Objects.requireNonNull(config, "config");
        if (!Files.isRegularFile(evaluatorFile)) {
            throw new OpenEvolveException("evaluator file " + evaluatorFile + " does not exist or is not a file");
        }
        String name = evaluatorFile.getFileName().toString().toLowerCase(Locale.ROOT);
        var passed = new java.util.TreeMap<String, String>();
        Map<String, String> host = System.getenv();
        config.passEnv().forEach(v -> {
            if (host.containsKey(v)) {
                passed.put(v, host.get(v));
            }
        });
        if (name.endsWith(".java")) {
            return JavaSourceEvaluator.builder().harness(evaluatorFile).memoryLimitMb(config.memoryLimitMb())
                    .maxOutputBytes(config.maxOutputBytes())
                    .warmWorkers(Math.max(1, config.parallelism())).build();
        }
        if (name.endsWith(".py")) {
            return OpenEvolvePythonEvaluator.builder().evaluatorFile(evaluatorFile).cascade(config.cascade())
                    .environment(passed).warmWorkers(Math.max(1, config.parallelism()))
                    .memoryLimitMb(config.memoryLimitMb()).maxOutputBytes(config.maxOutputBytes()).build();
        }
        if (Files.isExecutable(evaluatorFile)) {
            return CommandEvaluator.builder().command(List.of(evaluatorFile.toAbsolutePath().toString()))
                    .environment(passed)
                    .memoryLimitMb(config.memoryLimitMb()).maxOutputBytes(config.maxOutputBytes()).build();
        }
        throw new OpenEvolveException("evaluator file " + evaluatorFile + " is neither a Java harness (.java), "
                + "an OpenEvolve Python evaluator (.py) nor an executable command");
    }
}
