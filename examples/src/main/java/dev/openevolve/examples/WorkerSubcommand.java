package dev.openevolve.examples;

import dev.openevolve.cluster.WorkerCommand;
import dev.openevolve.examples.OpenEvolveCli.CliContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code openevolve worker}: evaluates candidates of a cluster run from the shared database until stopped. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Joins a cluster run (evaluation.executor: cluster) and evaluates its candidates until stopped.")
final class WorkerSubcommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "the worker's cluster.yaml (database, evaluator, sandbox settings)")
    Path config;

    @Option(names = "--status", description = "print the run's cluster health and exit")
    boolean status;

    WorkerSubcommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var args = new ArrayList<>(List.of("--config", config.toString()));
        if (status) {
            args.add("--status");
        }
        return WorkerCommand.execute(context.out(), context.err(), context.env(), args);
    }
}
