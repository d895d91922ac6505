package dev.openevolve.examples;

import dev.openevolve.examples.OpenEvolveCli.CliContext;
import dev.openevolve.examples.demo.DemoHost;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code openevolve demo}: the continuous-learning loop inside a small HTTP service, offline, on embedded H2. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs a demo host service: samples it under load, finds its bottleneck, evolves a faster "
                + "implementation, approves, deploys and validates it, then rolls back a deliberately bad change.")
final class DemoCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(arity = "0..1", paramLabel = "WORK_DIR", description = "work folder (default ./openevolve-demo)")
    Path workDir = Path.of("openevolve-demo");

    DemoCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return DemoHost.execute(context.out(), context.err(), List.of(workDir.toString()));
    }
}
