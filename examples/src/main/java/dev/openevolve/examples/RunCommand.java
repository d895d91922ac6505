package dev.openevolve.examples;

import dev.openevolve.config.ConfigLoader;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.examples.OpenEvolveCli.CliContext;
import dev.openevolve.examples.OpenEvolveCli.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code openevolve run}: OpenEvolve's {@code openevolve-run.py}, with its flags. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evolves <initial_program> scored by <evaluator>: an OpenEvolve evaluator.py, a .java harness "
                + "or any executable printing JSON metrics. Writes the best program to <output>/best and checkpoint "
                + "folders (ours and OpenEvolve's layout) to <output>/checkpoints.",
            "Re-running the same command resumes an interrupted run from the store; --checkpoint resumes from a "
                + "checkpoint folder and then --iterations counts iterations beyond it, as in OpenEvolve."})
final class RunCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "<initial_program>", description = "the program to evolve")
    Path program;

    @Parameters(index = "1", paramLabel = "<evaluator>", description = "evaluator.py, Harness.java or an executable")
    Path evaluator;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "config.yaml (ours or OpenEvolve's)")
    Path config;

    @Option(names = {"-i", "--iterations"}, paramLabel = "N", converter = PositiveInt.class,
            description = "iterations to run (on --checkpoint: iterations beyond it)")
    Integer iterations;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "output folder (default: openevolve_output beside the program)")
    Path output;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "resume from this checkpoint folder")
    Path checkpoint;

    @Option(names = "--target-score", paramLabel = "SCORE", description = "stop once the best score reaches it")
    Double targetScore;

    @Option(names = "--api-base", paramLabel = "URL", description = "OpenAI-compatible endpoint of the model")
    String apiBase;

    @Option(names = "--offline", description = "use the offline mutation model even when a model is configured")
    boolean offline;

    @Option(names = "--run-id", paramLabel = "ID",
            description = "the run's id in the store (default: derived from the program and the evaluator)")
    String runId;

    @Option(names = "--log-level", paramLabel = "LEVEL", converter = LogLevel.class,
            description = "DEBUG, INFO, WARNING or ERROR (default INFO)")
    String logLevel;

    RunCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        LogLevel.apply(logLevel);
        Path programFile = CliFiles.file(program, "initial program");
        Path evaluatorFile = CliFiles.file(evaluator, "evaluator");
        Path checkpointDir = checkpoint == null ? null : CliFiles.directory(checkpoint, "checkpoint folder");
        if (runId != null && !runId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new UsageException("--run-id must be 1 to 64 letters, digits, '.', '_' or '-' but was '" + runId
                    + "'");
        }
        if (targetScore != null && !Double.isFinite(targetScore)) {
            throw new UsageException("--target-score must be a finite number but was '" + targetScore + "'");
        }
        var env = new HashMap<>(context.env());
        if (apiBase != null) {
            env.put("OPENEVOLVE_API_BASE", apiBase);
        }
        OpenEvolveConfig loaded = config == null ? ConfigLoader.fromEnvironment(env)
                : ConfigLoader.load(CliFiles.file(config, "config file"), env);
        var engine = loaded.engine().withLanguage(CliFiles.languageOf(programFile));
        if (targetScore != null) {
            engine = engine.withTargetScore(targetScore);
        }
        boolean extendCheckpoint = checkpointDir != null;
        if (iterations != null && !extendCheckpoint) {
            engine = engine.withMaxIterations(iterations);
        }
        var builder = loaded.toBuilder().engine(engine);
        if (offline) {
            builder.llm(loaded.llm().withModels(List.of()));
        }
        Path out = CliFiles.output(output != null ? output
                : programFile.getParent().resolve("openevolve_output"));
        OpenEvolveConfig runConfig = builder.build();
        return new Evolution(context, runConfig, programFile, evaluatorFile, out)
                .run(checkpointDir, runId, extendCheckpoint ? iterations : null);
    }

    /** A whole number of at least 1, named in the message when it is not. */
    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("must be a whole number of at least 1 but was '" + value + "'");
        }
    }

    /** OpenEvolve's log levels, applied to this library's loggers before any is created. */
    static final class LogLevel implements ITypeConverter<String> {
        private static final String PROPERTY = "org.slf4j.simpleLogger.log.dev.openevolve";

        @Override
        public String convert(String value) {
            return switch (value.trim().toUpperCase(Locale.ROOT)) {
                case "DEBUG" -> "debug";
                case "INFO" -> "info";
                case "WARNING", "WARN" -> "warn";
                case "ERROR", "CRITICAL" -> "error";
                default -> throw new TypeConversionException("must be DEBUG, INFO, WARNING or ERROR but was '"
                        + value + "'");
            };
        }

        static void apply(String level) {
            if (level != null) {
                System.setProperty(PROPERTY, level);
            }
        }
    }
}
