package dev.openevolve.internal.evaluation;

import dev.openevolve.evaluation.JavaSourceEvaluator;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.EvaluatorProvider;
import dev.openevolve.spi.Settings;
import java.nio.file.Path;

/**
 * Provider {@code java}: a {@link JavaSourceEvaluator}. Settings: {@code harness} (required, the harness source file),
 * {@code memory_limit_mb}, {@code max_output_bytes}, {@code warm_workers}. Stateless and thread safe.
 */
public final class JavaEvaluatorProvider implements EvaluatorProvider {
    /** For {@link java.util.ServiceLoader}. */
    public JavaEvaluatorProvider() {
    }

    @Override
    public String id() {
        return "java";
    }

    @Override
    public Evaluator create(Settings settings) {
        JavaSourceEvaluator.Builder b = JavaSourceEvaluator.builder().harness(Path.of(settings.require("harness")))
                .memoryLimitMb(settings.getInt("memory_limit_mb", 512))
                .maxOutputBytes(settings.getInt("max_output_bytes", 1 << 20));
        if (settings.get("warm_workers").isPresent()) {
            b.warmWorkers(settings.getInt("warm_workers", 1));
        }
        return b.build();
    }
}
