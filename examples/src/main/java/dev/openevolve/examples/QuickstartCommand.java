package dev.openevolve.examples;

import dev.openevolve.config.ConfigLoader;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.examples.OpenEvolveCli.CliContext;
import dev.openevolve.examples.OpenEvolveCli.UsageException;
import dev.openevolve.spi.OpenEvolveException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code openevolve quickstart}: evolves a PID thermostat's constants offline and prints the gain. */
@Command(name = "quickstart", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evolves the tuning constants of a PID thermostat (Java) offline, scoring each candidate in a "
                + "sandboxed JVM, and prints the gain.")
final class QuickstartCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = {"-i", "--iterations"}, paramLabel = "N", converter = RunCommand.PositiveInt.class,
            description = "iterations to run (default 200)")
    int iterations = 200;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "output folder (default ./openevolve-quickstart)")
    Path output = Path.of("openevolve-quickstart");

    @Option(names = "--force", description = "replace an earlier quickstart run in the output folder")
    boolean force;

    QuickstartCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Path out = CliFiles.output(output);
        Path data = out.resolve("openevolve-data");
        Path checkpoints = out.resolve("checkpoints");
        if (!force && (Files.exists(data) || Files.exists(checkpoints))) {
            throw new UsageException("output folder '" + output + "' already holds a run (" + (Files.exists(data)
                    ? data.getFileName() : checkpoints.getFileName()) + "); pass --force to replace it or choose "
                    + "another --output");
        }
        CliFiles.deleteTree(data);
        CliFiles.deleteTree(checkpoints);
        Path work = out.resolve("problem");
        Path program = copyResource("quickstart/Thermostat.java", work.resolve("Thermostat.java"));
        Path harness = copyResource("quickstart/ThermostatHarness.java", work.resolve("ThermostatHarness.java"));
        OpenEvolveConfig config = ConfigLoader.fromEnvironment(context.env());
        config = config.toBuilder().engine(config.engine().withMaxIterations(iterations).withLanguage("java")).build();
        context.out().println("OpenEvolve quickstart: evolving the PID constants of " + program);
        context.out().println("Scored by " + harness
                + " (simulated room; combined_score = 1 / (1 + mean error + 0.5 * overshoot))");
        return new Evolution(context, config, program, harness, out).run(null, null, null);
    }

    private static Path copyResource(String resource, Path target) {
        try (InputStream in = QuickstartCommand.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new OpenEvolveException("resource " + resource + " is missing from the openevolve jar");
            }
            Files.createDirectories(target.getParent());
            Files.write(target, in.readAllBytes());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
