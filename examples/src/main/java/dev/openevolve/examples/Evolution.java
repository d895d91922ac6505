package dev.openevolve.examples;

import dev.openevolve.Controller;
import dev.openevolve.EvolutionListener;
import dev.openevolve.OpenEvolveCheckpoint;
import dev.openevolve.RunIds;
import dev.openevolve.RunResult;
import dev.openevolve.plugin.Stores;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.config.StorageConfig;
import dev.openevolve.evaluation.Evaluators;
import dev.openevolve.examples.OpenEvolveCli.CliContext;
import dev.openevolve.plugin.Providers;
import dev.openevolve.report.RunReport;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.RunCheckpoint;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One evolution as the command line runs it: the configured store (an H2 file under the output folder by default),
 * the run id, resuming, checkpoint folders, progress and the closing report.
 *
 * <p>Resuming: with {@code --checkpoint} the checkpoint is loaded into the configured store and {@code --iterations}
 * (else {@code max_iterations}) counts iterations beyond it, as in OpenEvolve. An OpenEvolve checkpoint folder brings
 * its whole population over ({@link OpenEvolveCheckpoint}) as run {@code <id>-oe<iteration>}, which the same command
 * resumes from the store when run again. Without it, a run whose id the store
 * already holds resumes towards the same {@code max_iterations}, so re-running a killed command finishes it.
 */
final class Evolution {
    private static final int RUN_ID_STEM = 40;

    private final CliContext context;
    private final OpenEvolveConfig config;
    private final Path program;
    private final Path evaluatorFile;
    private final Path output;

    Evolution(CliContext context, OpenEvolveConfig config, Path program, Path evaluatorFile, Path output) {
        this.context = context;
        this.config = config;
        this.program = program;
        this.evaluatorFile = evaluatorFile;
        this.output = output;
    }

    /**
     * Runs (or resumes) the evolution and prints the report.
     *
     * @param checkpoint     a checkpoint folder to resume from, or {@code null}
     * @param runIdOption    the run id given on the command line, or {@code null} to derive one from the problem
     * @param moreIterations iterations beyond the checkpoint when resuming from {@code checkpoint}, or {@code null}
     * @return the exit code
     */
    int run(Path checkpoint, String runIdOption, Integer moreIterations) {
        PrintStream out = context.out();
        String extension = CliFiles.extensionOf(program);
        String code = CliFiles.read(program, "initial program");
        try (Store store = openStore();
             Evaluator evaluator = Evaluators.forFile(evaluatorFile, config.evaluation())) {
            String runId;
            long lastIteration = config.engine().maxIterations();
            if (checkpoint != null && CheckpointDirectory.isOpenEvolve(checkpoint)) {
                var openEvolve = OpenEvolveCheckpoint.read(checkpoint);
                code = openEvolve.initialCode();
                runId = (runIdOption != null ? runIdOption : runIdOf(program, code, evaluatorFile)) + "-oe"
                        + openEvolve.lastIteration();
                lastIteration = openEvolve.lastIteration() + (moreIterations != null ? moreIterations
                        : config.engine().maxIterations());
                Optional<RunCheckpoint> stored = store.programs().latestCheckpoint(runId);
                if (stored.isPresent()) {
                    out.println("Resuming run '" + runId + "' (OpenEvolve checkpoint " + checkpoint + ") from iteration "
                            + stored.get().iteration() + " found in the store until iteration " + lastIteration);
                } else {
                    var imported = openEvolve.importInto(store.programs(), runId, config);
                    out.printf(Locale.ROOT, "Resuming OpenEvolve checkpoint %s (iteration %d) as run '%s' until "
                                    + "iteration %d: %d programs, %d in the population%s%n", checkpoint,
                            openEvolve.lastIteration(), runId, lastIteration, imported.programs(),
                            imported.population(), imported.skipped().isEmpty() ? ""
                                    : "; left out of the population: " + String.join("; ", imported.skipped()));
                }
            } else if (checkpoint != null) {
                RunCheckpoint loaded = CheckpointDirectory.importInto(checkpoint, store.programs());
                runId = loaded.runId();
                lastIteration = loaded.iteration() + (moreIterations != null ? moreIterations
                        : config.engine().maxIterations());
                out.println("Resuming run '" + runId + "' from " + checkpoint + " (iteration " + loaded.iteration()
                        + ") until iteration " + lastIteration);
            } else {
                runId = runIdOption != null ? runIdOption : runIdOf(program, code, evaluatorFile);
                Optional<RunCheckpoint> stored = store.programs().latestCheckpoint(runId);
                if (stored.isPresent()) {
                    out.println("Resuming run '" + runId + "' from iteration " + stored.get().iteration()
                            + " found in the store");
                } else {
                    out.println("Run '" + runId + "'");
                }
            }
            OpenEvolveConfig runConfig = config.toBuilder()
                    .engine(config.engine().withMaxIterations((int) Math.min(Integer.MAX_VALUE, lastIteration)))
                    .build();
            var progress = new ProgressPrinter(out, terminal(), lastIteration);
            try (var controller = Controller.builder()
                    .config(runConfig)
                    .runId(runId)
                    .initialProgram(code)
                    .codebaseRoot(program.toAbsolutePath().getParent())   // the code around it, for the prompt
                    .evaluator(evaluator)
                    .evaluatorSource(evaluatorFile)
                    .store(store)
                    .listener(progress)
                    .listener(new CheckpointWriter(output.resolve("checkpoints"), store, runId, extension,
                            context.err()))
                    .build()) {
                RunResult result = controller.run();
                writeBest(output.resolve("best"), result.best(), extension);
                RunReport.write(store, runId, output.resolve("report.html"));
                report(result);
                if (progress.rejected() > 0) {
                    out.println("Novelty:       " + progress.rejected() + " evaluated candidate(s) rejected as too "
                            + "similar to a program of their island");
                }
                if (progress.iterations() > 0 && progress.candidates() == 0) {
                    context.err().println("openevolve: the model produced no candidate in " + progress.iterations()
                            + " iterations; last reason: " + progress.lastFailure());
                    return OpenEvolveCli.RUN_FAILED;
                }
                return 0;
            }
        }
    }

    /**
     * The run id of a problem: the program's file name and a hash of the program and the evaluator, so that
     * another problem on the same store never resumes this one.
     */
    static String runIdOf(Path program, String code, Path evaluatorFile) {
        String stem = program.getFileName().toString().replaceAll("\\.[^.]*$", "")
                .replaceAll("[^A-Za-z0-9._-]", "_");
        stem = stem.isEmpty() ? "run" : stem.substring(0, Math.min(RUN_ID_STEM, stem.length()));
        try {
            // ISO-8859-1 maps every byte to one char, so an evaluator that is not UTF-8 text still hashes exactly
            String evaluator = new String(Files.readAllBytes(evaluatorFile), StandardCharsets.ISO_8859_1);
            return stem + "-" + RunIds.derive(code, evaluator).substring("run-".length(), "run-".length() + 12);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read evaluator " + evaluatorFile + ": " + e.getMessage(), e);
        }
    }

    private Store openStore() {
        StorageConfig storage = config.database();
        if (storage.provider().equals("memory")) {   // no database configured: H2 beside the output
            Path data = output.resolve("openevolve-data").resolve("openevolve");
            return Providers.store("jdbc").open(Settings.of(Map.of("url", "jdbc:h2:file:" + data)));
        }
        return Stores.open(storage);
    }

    private boolean terminal() {
        return context.out() == System.out && System.console() != null;
    }

    private void report(RunResult result) {
        PrintStream out = context.out();
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
        out.println("Report: " + output.resolve("report.html"));
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

    /** Writes each engine checkpoint as a checkpoint folder (ours and OpenEvolve's layout). */
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
            Optional<Program> best = programs.stream().filter(p -> !p.artifacts().containsKey("failure"))
                    .max(java.util.Comparator.comparingDouble(Program::fitness));
            if (best.isEmpty()) {
                return;
            }
            try {
                Files.createDirectories(root);
                CheckpointDirectory.write(root, checkpoint, programs, best.get(), extension);
            } catch (IOException e) {
                err.println("openevolve: could not write checkpoint " + checkpoint.iteration() + " under " + root
                        + ": " + e.getMessage());
            }
        }
    }
}
