package dev.openevolve.server;

import dev.openevolve.config.ConfigLoader;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.evaluation.Evaluators;
import dev.openevolve.loop.EvolutionTarget;
import dev.openevolve.loop.OptimizationLoop;
import dev.openevolve.plugin.Providers;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code openevolve serve}: the HTTP API of an {@link OptimizationLoop} over a store, and the live run report, until
 * the process is stopped. The loop runs in the phase and with the flags stored in the store (phase 1, metrics
 * only, in a new store); with {@code --target}, {@code --program} and {@code --evaluator} it may also evolve that
 * operation when evolution is triggered.
 * A picocli command: run it with {@link #main} or add it as the {@code serve} subcommand of a larger command
 * line. Passwords come from the environment only ({@code OPENEVOLVE_STORE_PASSWORD},
 * {@code OPENEVOLVE_KEYSTORE_PASSWORD}), never from arguments, which other users of the machine can read.
 *
 * <p>Not thread safe; one instance serves one invocation.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves the optimisation API and the run report over a store.")
public final class ServeCommand implements Callable<Integer> {
    /** The environment variable holding the store's password. */
    public static final String STORE_PASSWORD_ENV = "OPENEVOLVE_STORE_PASSWORD";
    /** The environment variable holding the keystore's password. */
    public static final String KEYSTORE_PASSWORD_ENV = "OPENEVOLVE_KEYSTORE_PASSWORD";

    @Option(names = "--store", description = "'memory' or a JDBC URL (jdbc:h2:..., jdbc:postgresql:...)")
    String store;

    @Option(names = "--store-user", description = "the database user")
    String storeUser;

    @Option(names = "--store-option", description = "a further store setting key=value (for example sslmode=verify-full,"
            + " sslrootcert=FILE, schema=NAME); repeatable")
    List<String> storeOptions = new ArrayList<>();

    @Option(names = "--run-id", defaultValue = "cli", description = "the run the report shows, as 'openevolve run' printed it"
            + " (default: ${DEFAULT-VALUE})")
    String runId;

    @Option(names = "--tokens", description = "the tokens file: lines 'name role sha256:HEX'")
    Path tokens;

    @Option(names = "--new-token", paramLabel = "NAME:ROLE", description = "print a new token and its tokens-file line,"
            + " then exit")
    String newToken;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "the address to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "the port (default: ${DEFAULT-VALUE}; 0 picks one)")
    int port;

    @Option(names = "--keystore", description = "serve HTTPS with this PKCS#12 keystore (password in $"
            + KEYSTORE_PASSWORD_ENV + ")")
    Path keystore;

    @Option(names = "--target", paramLabel = "COMPONENT/OPERATION",
            description = "the operation that trigger-evolution may evolve (with --program and --evaluator)")
    String target;

    @Option(names = "--program", description = "the source of the target's implementation, evolved when triggered")
    Path program;

    @Option(names = "--evaluator", description = "its evaluator (.java harness, evaluator.py or an executable)")
    Path evaluator;

    @Option(names = "--config", description = "the configuration file for triggered evolution")
    Path config;

    @Option(names = "--max-body-bytes", defaultValue = "65536", description = "largest request body (default: ${DEFAULT-VALUE})")
    int maxBodyBytes;

    @Option(names = "--requests-per-minute", defaultValue = "120", description = "per token (default: ${DEFAULT-VALUE})")
    int requestsPerMinute;

    private final PrintStream out;
    private final Map<String, String> env;

    /** A command printing to standard output and reading the process environment. */
    public ServeCommand() {
        this(System.out, System.getenv());
    }

    ServeCommand(PrintStream out, Map<String, String> env) {
        this.out = out;
        this.env = Map.copyOf(env);
    }

    /** Runs {@code openevolve serve} with {@code args} and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ServeCommand()).execute(args));
    }

    /** Serves until the process is stopped; with {@code --new-token}, prints a token and returns. */
    @Override
    public Integer call() throws InterruptedException {
        if (newToken != null) {
            printNewToken();
            return 0;
        }
        try (Running running = start()) {
            out.println("OpenEvolve API on " + running.server().baseUri() + " (report: " + running.server().baseUri()
                    + "/report); stop with Ctrl-C");
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "openevolve-serve-stop"));
            stopped.await();
        }
        return 0;
    }

    private void printNewToken() {
        String[] parts = newToken.split(":", 2);
        if (parts.length != 2) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--new-token must be NAME:ROLE but was '"
                    + newToken + "'");
        }
        Role role;
        try {
            role = Role.valueOf(parts[1].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--new-token role must be viewer, operator or admin but was '" + parts[1] + "'");
        }
        String token = ApiTokens.newToken();
        out.println("token (give it to the client; it is not stored): " + token);
        out.println("tokens-file line: " + ApiTokens.fileLine(parts[0], role, token));
    }

    /** What {@link #start()} opened; closing it stops the server and closes the loop, evaluator and store. */
    record Running(ApiServer server, Store store, OptimizationLoop loop, Evaluator evaluator) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            loop.close();
            if (evaluator != null) {
                evaluator.close();
            }
            store.close();
        }
    }

    /** Opens the store and the loop over it (with an evolution target when one is given) and starts the server. */
    Running start() {
        if (store == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--store is required: 'memory' or a JDBC URL");
        }
        if (tokens == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--tokens is required; make a token with"
                    + " --new-token NAME:ROLE and put its line in the file");
        }
        if ((program == null) != (evaluator == null) || (program == null) != (target == null)) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--target, --program and --evaluator go together: give all three or none");
        }
        String[] targetParts = target == null ? null : target.split("/", -1);
        if (targetParts != null && (targetParts.length != 2 || targetParts[0].isBlank() || targetParts[1].isBlank())) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--target must be COMPONENT/OPERATION but"
                    + " was '" + target + "'");
        }
        ApiTokens apiTokens = ApiTokens.load(tokens);
        Store opened = openStore();
        OptimizationLoop loop = null;
        Evaluator eval = null;
        try {
            loop = OptimizationLoop.builder().store(opened).build();
            var service = LoopOptimizationService.builder().loop(loop).store(opened).runId(runId);
            if (program != null) {
                OpenEvolveConfig cfg = config == null ? ConfigLoader.fromEnvironment(env) : ConfigLoader.load(config, env);
                String source = read(program);
                eval = Evaluators.forFile(evaluator, cfg.evaluation());
                service.target(new EvolutionTarget(targetParts[0], targetParts[1], source, eval, cfg, null));
            }
            var api = OptimizationApi.builder().service(service.build()).tokens(apiTokens).maxBodyBytes(maxBodyBytes)
                    .requestsPerMinute(requestsPerMinute).build();
            var server = ApiServer.builder(api).host(host).port(port);
            if (keystore != null) {
                String password = env.get(KEYSTORE_PASSWORD_ENV);
                if (password == null) {
                    throw new OpenEvolveException("--keystore needs its password in $" + KEYSTORE_PASSWORD_ENV);
                }
                server.https(keystore, password.toCharArray());
            }
            return new Running(server.start(), opened, loop, eval);
        } catch (RuntimeException e) {
            if (loop != null) {
                loop.close();
            }
            if (eval != null) {
                eval.close();
            }
            opened.close();
            throw e;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new OpenEvolveException("cannot read --program " + file + ": " + e.getMessage(), e);
        }
    }

    private Store openStore() {
        if (store.equals("memory")) {
            if (!storeOptions.isEmpty() || storeUser != null) {
                throw new OpenEvolveException("the memory store takes no --store-user or --store-option");
            }
            return Providers.store("memory").open(Settings.empty());
        }
        var settings = new LinkedHashMap<String, String>();
        settings.put("url", store);
        if (storeUser != null) {
            settings.put("username", storeUser);
        }
        String password = env.get(STORE_PASSWORD_ENV);
        if (password != null) {
            settings.put("password", password);
        }
        for (String option : storeOptions) {
            int eq = option.indexOf('=');
            if (eq < 1) {
                throw new OpenEvolveException("--store-option must be key=value but was '" + option + "'");
            }
            String key = option.substring(0, eq);
            if (key.equals("password")) {
                throw new OpenEvolveException("give the store's password in $" + STORE_PASSWORD_ENV
                        + ", not on the command line");
            }
            settings.put(key, option.substring(eq + 1));
        }
        return Providers.store("jdbc").open(Settings.of(settings));
    }
}
