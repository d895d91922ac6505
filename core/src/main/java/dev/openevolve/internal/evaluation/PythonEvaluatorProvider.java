package dev.openevolve.internal.evaluation;

import dev.openevolve.evaluation.OpenEvolvePythonEvaluator;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.EvaluatorProvider;
import dev.openevolve.spi.Settings;
import java.nio.file.Path;

/**
 * Provider {@code python}: an {@link OpenEvolvePythonEvaluator}. Settings: {@code evaluator} (required, the
 * OpenEvolve {@code evaluator.py}), {@code python} (interpreter, default {@code python3}), {@code cascade}
 * ({@code true}/{@code false}, default true), {@code memory_limit_mb}, {@code max_output_bytes}. Stateless and
 * thread safe.
 */
public final class PythonEvaluatorProvider implements EvaluatorProvider {
    /** For {@link java.util.ServiceLoader}. */
    public PythonEvaluatorProvider() {
    }

    @Override
    public String id() {
        return "python";
    }

    @Override
    public Evaluator create(Settings settings) {
        return OpenEvolvePythonEvaluator.builder().evaluatorFile(Path.of(settings.require("evaluator")))
                .python(settings.get("python", "python3"))
                .cascade(settings.getBoolean("cascade", true))
                .memoryLimitMb(settings.getInt("memory_limit_mb", 512))
                .maxOutputBytes(settings.getInt("max_output_bytes", 1 << 20)).build();
    }
}
