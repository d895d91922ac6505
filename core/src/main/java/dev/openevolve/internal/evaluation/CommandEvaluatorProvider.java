package dev.openevolve.internal.evaluation;

import dev.openevolve.evaluation.CommandEvaluator;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.EvaluatorProvider;
import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.Settings;
import java.util.ArrayList;
import java.util.List;

/**
 * Provider {@code command}: a {@link CommandEvaluator}. Settings: {@code command} (required, the program),
 * {@code args} (optional, whitespace-separated arguments), {@code stages}, {@code memory_limit_mb},
 * {@code max_output_bytes}. Stateless and thread safe.
 */
public final class CommandEvaluatorProvider implements EvaluatorProvider {
    /** For {@link java.util.ServiceLoader}. */
    public CommandEvaluatorProvider() {
    }

    @Override
    public String id() {
        return "command";
    }

    @Override
    public Evaluator create(Settings settings) {
        List<String> command = new ArrayList<>();
        command.add(settings.require("command"));
        String args = settings.get("args", "").strip();
        if (!args.isEmpty()) {
            command.addAll(List.of(args.split("\\s+")));
        }
        int stages = settings.getInt("stages", 1);
        if (stages < 1) {
            throw new OpenEvolveException("setting 'stages' must be at least 1 but was " + stages);
        }
        return CommandEvaluator.builder().command(command).stages(stages)
                .memoryLimitMb(settings.getInt("memory_limit_mb", 512))
                .maxOutputBytes(settings.getInt("max_output_bytes", 1 << 20)).build();
    }
}
