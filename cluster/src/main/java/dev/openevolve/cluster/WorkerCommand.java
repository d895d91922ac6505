package dev.openevolve.cluster;

import dev.openevolve.spi.OpenEvolveException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code openevolve worker --config cluster.yaml}: runs a {@link ClusterWorker} until the process is stopped
 * (SIGTERM/Ctrl-C finish or hand back the running evaluations) and prints its progress; with {@code --status} it
 * prints the run's {@link ClusterHealth} instead and exits. Exit status 0 after a stop, 2 for a usage or
 * configuration error (or an unreachable database for {@code --status}), 3 when the run refused this worker's
 * evaluator.
 */
public final class WorkerCommand {
    static final String USAGE = "usage: openevolve worker --config cluster.yaml [--status]";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    WorkerCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** Runs the worker command with the process's streams and environment; exits with its status. */
    public static void main(String[] args) {
        System.exit(new WorkerCommand(System.out, System.err, System.getenv()).run(List.of(args)));
    }

    /**
     * Runs the worker command ({@code --config FILE [--status]}) printing to {@code out}/{@code err}, with
     * {@code env} as the environment for configuration overrides; returns the exit status.
     */
    public static int execute(PrintStream out, PrintStream err, Map<String, String> env, List<String> args) {
        return new WorkerCommand(out, err, env).run(args);
    }

    /** Runs the command; returns the exit status. */
    int run(List<String> args) {
        boolean status = args.size() == 3 && args.get(2).equals("--status");
        if (args.size() != (status ? 3 : 2) || !args.get(0).equals("--config")) {
            err.println(args.contains("--help") ? USAGE : "worker needs --config <file>; got " + args + "\n" + USAGE);
            return args.contains("--help") ? 0 : 2;
        }
        WorkerConfig config;
        try {
            config = WorkerConfig.load(Path.of(args.get(1)), env);
        } catch (OpenEvolveException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (status) {
            return status(config);
        }
        ClusterWorker worker = ClusterWorker.builder().settings(config.settings()).runId(config.runId())
                .evaluatorFile(config.evaluator()).evaluation(config.config().evaluation())
                .threads(config.threads()).joinTimeout(config.joinTimeout()).build();
        Thread hook = new Thread(worker::close, "openevolve-worker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            worker.start();
        } catch (WorkerRefusedException e) {
            err.println(e.getMessage());
            return 3;
        } catch (OpenEvolveException e) {
            err.println(e.getMessage());
            return 2;
        }
        out.println("worker " + worker.id() + " joined run '" + config.runId() + "' with " + config.threads()
                + " thread(s); stop with Ctrl-C");
        out.flush();
        try {
            long last = -1;
            while (!worker.awaitStop(PROGRESS_EVERY)) {
                if (worker.evaluated() != last) {
                    last = worker.evaluated();
                    out.println("worker " + worker.id() + ": " + last + " candidate(s) evaluated");
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.refusal().isPresent()) {
            err.println(worker.refusal().get());
            return 3;
        }
        return 0;
    }

    private int status(WorkerConfig config) {
        try (var database = new Database(config.settings(), "status", 1)) {
            ClusterSchema.ensure(database.pool());
            out.println("run '" + config.runId() + "': "
                    + ClusterHealth.read(database.pool(), config.runId(), config.settings()).summary());
            return 0;
        } catch (java.sql.SQLException e) {
            err.println("cannot read the cluster database " + Masking.url(config.settings().url()) + ": "
                    + e.getMessage());
            return 2;
        }
    }
}
