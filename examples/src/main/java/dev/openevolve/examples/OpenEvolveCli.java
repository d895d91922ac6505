package dev.openevolve.examples;

import dev.openevolve.Controller;
import dev.openevolve.EvolutionListener;
import dev.openevolve.IterationEvent;
import dev.openevolve.RunResult;
import dev.openevolve.Stores;
import dev.openevolve.config.ConfigException;
import dev.openevolve.config.ConfigLoader;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.config.StorageConfig;
import dev.openevolve.evaluation.Evaluators;
import dev.openevolve.plugin.Providers;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.RunCheckpoint;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code openevolve} command line.
 *
 * <pre>
 * openevolve quickstart [--iterations N] [--output DIR]
 * openevolve run &lt;initial_program&gt; &lt;evaluator&gt; [--config FILE] [--iterations N] [--output DIR] [--checkpoint DIR]
 * </pre>
 */
public final class OpenEvolveCli {
    private static final Set<String> OPTIONS = Set.of("config", "iterations", "output", "checkpoint");
    private static final String USAGE = String.join("\n",
            "usage: openevolve quickstart [--iterations N] [--output DIR]",
            "       openevolve run <initial_program> <evaluator> [--config FILE] [--iterations N] [--output DIR]"
                    + " [--checkpoint DIR]",
            "",
            "quickstart  evolves the tuning constants of a PID thermostat (Java) offline and prints the gain",
            "run         evolves <initial_program> scored by <evaluator> (.java harness, OpenEvolve .py evaluator,",
            "            or any executable printing JSON metrics); writes the best program and checkpoints",
            "            under --output (default: openevolve_output next to the program)");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    OpenEvolveCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new OpenEvolveCli(System.out, System.err, System.getenv()).execute(args));
    }

    int execute(String[] args) {
        try {
            var cli = CliArguments.parse(args, OPTIONS);
            return switch (cli.command()) {
                case "quickstart" -> quickstart(cli);
                case "run" -> run(cli);
                case "help", "--help", "-h" -> {
                    out.println(USAGE);
                    yield 0;
                }
                default -> throw new CliArguments.UsageException("unknown command '" + cli.command() + "'");
            };
        } catch (CliArguments.UsageException e) {
            err.println("openevolve: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (ConfigException e) {
            err.println("openevolve: invalid configuration: " + e.getMessage());
            return 2;
        } catch (OpenEvolveException | UncheckedIOException e) {
            err.println("openevolve: " + e.getMessage());
            return 1;
        }
    }

    private int quickstart(CliArguments cli) {
        if (!cli.positional().isEmpty()) {
            throw new CliArguments.UsageException("quickstart takes no arguments");
        }
        int iterations = cli.positiveInt("iterations").orElse(200);
        Path output = cli.path("output").orElse(Path.of("openevolve-quickstart")).toAbsolutePath();
        Path work = output.resolve("problem");
        copyResource("quickstart/Thermostat.java", work.resolve("Thermostat.java"));
        copyResource("quickstart/ThermostatHarness.java", work.resolve("ThermostatHarness.java"));
        deleteTree(output.resolve("openevolve-data"));
        deleteTree(output.resolve("checkpoints"));
        OpenEvolveConfig config = withIterations(ConfigLoader.fromEnvironment(env), iterations);
        out.println("OpenEvolve quickstart: evolving the PID constants of " + work.resolve("Thermostat.java"));
        out.println("Scored by " + work.resolve("ThermostatHarness.java")
                + " (simulated room; combined_score = 1 / (1 + mean error + 0.5 * overshoot))");
        return evolve(config, work.resolve("Thermostat.java"), work.resolve("ThermostatHarness.java"), output, null);
    }

    private int run(CliArguments cli) {
        if (cli.positional().size() != 2) {
            throw new CliArguments.UsageException("run needs <initial_program> and <evaluator>");
        }
        Path program = existing(cli.positional().get(0), "initial program");
        Path evaluator = existing(cli.positional().get(1), "evaluator");
        OpenEvolveConfig config = cli.path("config").map(p -> ConfigLoader.load(existing(p.toString(), "config file"), env))
                .orElseGet(() -> ConfigLoader.fromEnvironment(env));
        config = withLanguage(config, languageOf(program));
        if (cli.options().containsKey("iterations")) {
            config = withIterations(config, cli.positiveInt("iterations").orElseThrow());
        }
        Path output = cli.path("output").orElse(program.toAbsolutePath().getParent().resolve("openevolve_output"))
                .toAbsolutePath();
        Path checkpoint = cli.path("checkpoint").map(p -> existing(p.toString(), "checkpoint directory")).orElse(null);
        return evolve(config, program, evaluator, output, checkpoint);
    }

    private int evolve(OpenEvolveConfig config, Path program, Path evaluatorFile, Path output, Path checkpoint) {
        String extension = extensionOf(program);
        try (Store store = openStore(config, output, checkpoint != null);
             Evaluator evaluator = Evaluators.forFile(evaluatorFile, config.evaluation())) {
            String runId = checkpoint == null ? "cli" : CheckpointDirectory.importInto(checkpoint, store.programs());
            if (checkpoint != null) {
                out.println("Resuming run '" + runId + "' from " + checkpoint);
            } else {
                store.programs().latestCheckpoint(runId).ifPresent(c -> out.println("Resuming run '" + runId
                        + "' from iteration " + c.iteration() + " found in the store"));
            }
            var checkpoints = output.resolve("checkpoints");
            try (var controller = Controller.builder()
                    .config(config)
                    .runId(runId)
                    .initialProgram(program)
                    .evaluator(evaluator)
                    .evaluatorSource(evaluatorFile)
                    .store(store)
                    .listener(new Progress(out))
                    .listener(new CheckpointWriter(checkpoints, store, runId, extension, err))
                    .build()) {
                RunResult result = controller.run();
                writeBest(output.resolve("best"), result.best(), extension);
                report(result, output);
                return 0;
            }
        }
    }

    private Store openStore(OpenEvolveConfig config, Path output, boolean fresh) {
        StorageConfig storage = config.database();
        if (fresh) {
            return Providers.store("memory").open(Settings.empty());
        }
        if (storage.equals(StorageConfig.defaults())) {
            Path data = output.resolve("openevolve-data").resolve("openevolve");
            return Providers.store("jdbc").open(Settings.of(Map.of("url", "jdbc:h2:file:" + data)));
        }
        return Stores.open(storage);
    }

    private void report(RunResult result, Path output) {
        double before = result.initial().fitness();
        double after = result.best().fitness();
        out.println();
        out.printf(Locale.ROOT, "Stopped: %s (%s)%n", result.reason(), result.detail());
        out.printf(Locale.ROOT, "Initial score: %.6f%n", before);
        out.printf(Locale.ROOT, "Best score:    %.6f  (%s, iteration %d)%n", after, result.best().id(),
                result.best().iteration());
        out.printf(Locale.ROOT, "Improvement:   %+.6f (%+.1f%%) in %d iterations, %.1f s%n", after - before,
                before == 0 ? 0 : 100 * (after - before) / Math.abs(before), result.iterations(),
                result.elapsed().toMillis() / 1000.0);
        if (result.tokens().total() > 0) {
            out.printf(Locale.ROOT, "Model usage:   %d tokens, $%.4f%n", result.tokens().total(), result.costUsd());
        }
        out.println("Best program and metrics: " + output.resolve("best"));
    }

    private static void writeBest(Path dir, Program best, String extension) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("best_program" + extension), best.code());
            Files.writeString(dir.resolve("best_program_info.json"),
                    ProgramJson.JSON.writeValueAsString(ProgramJson.toMap(best)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the best program to " + dir + ": " + e.getMessage(), e);
        }
    }

    static OpenEvolveConfig withIterations(OpenEvolveConfig c, int iterations) {
        return c.toBuilder().engine(c.engine().withMaxIterations(iterations)).build();
    }

    static OpenEvolveConfig withLanguage(OpenEvolveConfig c, String language) {
        return c.toBuilder().engine(c.engine().withLanguage(language)).build();
    }

    static String languageOf(Path program) {
        return switch (extensionOf(program)) {
            case ".py" -> "python";
            case ".java" -> "java";
            case ".js" -> "javascript";
            case ".ts" -> "typescript";
            case ".rs" -> "rust";
            case ".go" -> "go";
            case ".c", ".h" -> "c";
            case ".cpp", ".cc", ".hpp" -> "cpp";
            default -> "text";
        };
    }

    static String extensionOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
    }

    private static Path existing(String path, String what) {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p) && !Files.isDirectory(p)) {
            throw new CliArguments.UsageException(what + " '" + path + "' does not exist");
        }
        return p;
    }

    private void copyResource(String resource, Path target) {
        try (InputStream in = OpenEvolveCli.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new OpenEvolveException("resource " + resource + " is missing from the openevolve jar");
            }
            Files.createDirectories(target.getParent());
            Files.write(target, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Prints a line for each improvement and every tenth iteration. */
    private static final class Progress implements EvolutionListener {
        private final PrintStream out;

        Progress(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onIteration(IterationEvent e) {
            if (e.improved() || e.iteration() % 10 == 0) {
                String what = e.program().map(p -> p.artifacts().containsKey("failure") ? "failed"
                        : String.format(Locale.ROOT, "scored %.6f", p.fitness())).orElse("no candidate");
                out.printf(Locale.ROOT, "iteration %4d  island %d  %-16s best %.6f%s  (%.2f it/s)%n", e.iteration(),
                        e.island(), what, e.bestFitness(), e.improved() ? "  <- new best" : "", e.iterationsPerSecond());
            }
        }
    }

    /** Writes each engine checkpoint as an OpenEvolve-style checkpoint directory. */
    private static final class CheckpointWriter implements EvolutionListener {
        private final Path root;
        private final Store store;
        private final String runId;
        private final String extension;
        private final PrintStream err;

        CheckpointWriter(Path root, Store store, String runId, String extension, PrintStream err) {
            this.root = root;
            this.store = store;
            this.runId = runId;
            this.extension = extension;
            this.err = err;
        }

        @Override
        public void onCheckpoint(RunCheckpoint checkpoint) {
            var programs = store.programs().list(runId);
            Program best = programs.stream().filter(p -> !p.artifacts().containsKey("failure"))
                    .max(java.util.Comparator.comparingDouble(Program::fitness)).orElseThrow();
            try {
                Files.createDirectories(root);
                CheckpointDirectory.write(root, checkpoint, programs, best, extension);
            } catch (IOException e) {
                err.println("openevolve: could not write checkpoint " + checkpoint.iteration() + " under " + root
                        + ": " + e.getMessage());
            }
        }
    }
}
