package dev.openevolve.examples;

import dev.openevolve.config.ConfigException;
import dev.openevolve.spi.OpenEvolveException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code openevolve} command line, parsed with picocli.
 *
 * <pre>
 * openevolve quickstart [--iterations N] [--output DIR] [--force]
 * openevolve run &lt;initial_program&gt; &lt;evaluator&gt; [-c FILE] [-i N] [-o DIR] [--checkpoint DIR] ...
 * </pre>
 *
 * <p>Exit codes: 0 success, 1 the run failed, 2 bad usage or configuration. A failure is one line on
 * stderr, never a stack trace. Subcommands are added in {@link #commandLine}.
 */
@Command(name = "openevolve", mixinStandardHelpOptions = true, version = "openevolve 0.1.0",
        description = "Evolves programs with an LLM or the offline mutation model (OpenEvolve in Java).",
        subcommands = CommandLine.HelpCommand.class)
public final class OpenEvolveCli implements Runnable {
    static final int RUN_FAILED = 1;
    static final int USAGE = 2;

    private final CliContext context;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    OpenEvolveCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.context = new CliContext(out, err, env);
    }

    public static void main(String[] args) {
        System.exit(new OpenEvolveCli(System.out, System.err, System.getenv()).execute(args));
    }

    /** The command tree: the root command with one subcommand per job; add new subcommands here. */
    CommandLine commandLine() {
        var cli = new CommandLine(this);
        cli.addSubcommand("quickstart", new QuickstartCommand(context));
        cli.addSubcommand("run", new RunCommand(context));
        cli.addSubcommand("demo", new DemoCommand(context));
        cli.addSubcommand("serve", new dev.openevolve.server.ServeCommand());
        cli.addSubcommand("worker", new WorkerSubcommand(context));
        cli.setOut(new PrintWriter(context.out(), true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(context.err(), true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler(this::badUsage);
        cli.setExecutionExceptionHandler((e, line, parsed) -> failed(e, line));
        return cli;
    }

    int execute(String... args) {
        return commandLine().execute(args);
    }

    /** Without a subcommand: the usage, as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "no command given");
    }

    private int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        context.err().println("openevolve: " + e.getMessage());
        line.usage(context.err());
        return USAGE;
    }

    private int failed(Exception e, CommandLine line) {
        if (e instanceof CommandLine.ParameterException p) {
            return badUsage(p, new String[0]);
        }
        if (e instanceof UsageException) {
            context.err().println("openevolve: " + e.getMessage());
            context.err().println("(see: openevolve " + line.getCommandName() + " --help)");
            return USAGE;
        }
        if (e instanceof ConfigException) {
            context.err().println("openevolve: invalid configuration: " + e.getMessage());
            return USAGE;
        }
        if (e instanceof OpenEvolveException || e instanceof UncheckedIOException) {
            context.err().println("openevolve: " + e.getMessage());
            return RUN_FAILED;
        }
        context.err().println("openevolve: the run failed: " + e);
        return RUN_FAILED;
    }

    /** Bad input on the command line: one line on stderr and exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** What every subcommand prints to and reads from. */
    record CliContext(PrintStream out, PrintStream err, Map<String, String> env) {
        CliContext {
            env = Map.copyOf(env);
        }
    }
}
