package dev.openevolve.examples.demo;

import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.config.PerformanceConfig;
import dev.openevolve.evaluation.JavaSourceEvaluator;
import dev.openevolve.loop.EventTypes;
import dev.openevolve.loop.EvolutionTarget;
import dev.openevolve.loop.LoopSettings;
import dev.openevolve.loop.OptimizationLoop;
import dev.openevolve.loop.Phase;
import dev.openevolve.loop.SuggestionQuery;
import dev.openevolve.plugin.Providers;
import dev.openevolve.spi.LoopEvent;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Store;
import dev.openevolve.spi.Suggestion;
import dev.openevolve.spi.SuggestionDecision;
import dev.openevolve.spi.SuggestionStatus;
import dev.openevolve.store.jdbc.JdbcStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The continuous-learning loop, end to end, inside a real (small) host: a shop on the JDK's HTTP server whose
 * {@code /price} operation is deliberately slow, sampled under generated load into an embedded H2 database. The
 * loop finds the bottleneck, evolves a faster {@code PriceEngine} offline (the {@code mutation} model, each
 * candidate compiled and timed in a sandboxed JVM), an operator approves it (phase 3), the host deploys it, the
 * loop validates it from fresh samples, and then a deliberately bad change is deployed and rolled back
 * automatically. Every step is printed; the run ends with the measured speed-up.
 *
 * <pre>
 * java -cp examples/target/openevolve.jar dev.openevolve.examples.demo.DemoHost [WORK_DIR]
 * </pre>
 *
 * <p>{@code WORK_DIR} (default {@code ./openevolve-demo}) receives the H2 database, the problem files and the
 * compiled versions; it is cleared at start.
 */
public final class DemoHost {
    private static final String OPERATOR = "demo-operator";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(120);
    private static final int ITERATIONS = 24;

    private final PrintStream out;
    private final Path workDir;
    private final long startNanos = System.nanoTime();

    /**
     * What the demo ended with.
     *
     * @param validated       the suggestion validated as faster
     * @param rolledBack      the suggestion rolled back automatically
     * @param speedup         median latency of {@code /price} before the evolved version over after it
     * @param beforeMedianMs  the median before
     * @param afterMedianMs   the median after
     * @param database        the H2 database file holding the history
     */
    public record Result(String validated, String rolledBack, double speedup, double beforeMedianMs,
                         double afterMedianMs, Path database) {
    }

    private DemoHost(PrintStream out, Path workDir) {
        this.out = out;
        this.workDir = workDir.toAbsolutePath();
    }

    /** Runs the demo in {@code ./openevolve-demo} or the directory given; exits 1 when a step fails. */
    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, List.of(args)));
    }

    /**
     * Runs the demo in {@code args[0]} (default {@code ./openevolve-demo}), printing to {@code out}.
     *
     * @return 0 when the demo ended with a validated improvement and an automatic rollback, 1 when a step failed,
     *         2 for more than one argument
     */
    public static int execute(PrintStream out, PrintStream err, List<String> args) {
        if (args.size() > 1) {
            err.println("usage: demo [WORK_DIR]");
            return 2;
        }
        try {
            run(out, Path.of(args.isEmpty() ? "openevolve-demo" : args.get(0)));
            return 0;
        } catch (Exception e) {
            err.println("demo failed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Runs the whole demo, printing each step to {@code out}.
     *
     * @throws IllegalStateException naming the step that did not happen in time
     */
    public static Result run(PrintStream out, Path workDir) throws Exception {
        return new DemoHost(out, workDir).run();
    }

    private Result run() throws Exception {
        // the JDK server writes headers and body separately; without TCP_NODELAY each response waits ~40 ms for a
        // delayed ACK (read once, when the server classes load, so it must be set before the first server starts)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        deleteTree(workDir);
        Path problem = Files.createDirectories(workDir.resolve("problem"));
        String initialSource = resource("demo/PriceEngine.java");
        Files.writeString(problem.resolve("PriceEngine.java"), initialSource);
        Files.writeString(problem.resolve("PriceHarness.java"), resource("demo/PriceHarness.java"));
        Path database = workDir.resolve("db").resolve("openevolve");

        LoopSettings settings = LoopSettings.builder().phase(Phase.METRICS_ONLY).minSamples(40)
                .baselineWindow(Duration.ofSeconds(3)).validationInterval(Duration.ofMillis(500))
                .validationTimeout(Duration.ofSeconds(60)).deniedContextKeys(Set.of("customer")).build();
        byte[] privacyKey = new byte[32];
        new SecureRandom().nextBytes(privacyKey);
        var live = new LiveImplementation(workDir.resolve("live"), initialSource);
        PerformanceConfig sampling = PerformanceConfig.defaults().withSamplingRate(1.0).withBatchSize(200)
                .withFlushInterval(Duration.ofMillis(200));

        try (Store store = JdbcStore.open(Settings.of(Map.of("url", "jdbc:h2:file:" + database)));
             var evaluator = JavaSourceEvaluator.builder().harness(problem.resolve("PriceHarness.java")).build();
             var loop = OptimizationLoop.builder().store(store).settings(settings).sampling(sampling)
                     .privacyKey(privacyKey).deploymentHandler(live).build();
             var shop = new ShopServer(live, loop.sampler());
             var load = new LoadGenerator(shop, 5_000_000, Duration.ofMinutes(10))) {

            step(1, "Phase 1, metrics only: the shop serves " + shop.uri("/price") + " and /catalog under generated"
                    + " load; every request is sampled into H2 (" + database + ".mv.db), the 'customer' context"
                    + " key HMAC-hashed");
            Thread.sleep(2500);
            loop.sampler().flush();
            out.printf(Locale.ROOT, "    %d requests so far, PriceEngine BATCH = %s%n", load.requests(),
                    live.current().batch());

            loop.setPhase(Phase.SUGGESTIONS, OPERATOR);
            step(2, "Phase 2, analysis: patterns in the samples become suggestions");
            List<Suggestion> suggestions = loop.analyze();
            suggestions.stream().limit(3).forEach(s -> out.printf(Locale.ROOT,
                    "    #%d %-24s %s/%s  confidence %.2f  %s%n", s.priority(), s.type(), s.targetComponent(),
                    Optional.ofNullable(s.targetOperation()).orElse("*"), s.confidence(), s.description()));
            boolean found = suggestions.stream().anyMatch(s -> s.targetComponent().equals("shop")
                    && "price".equals(s.targetOperation()));
            out.println(found ? "    -> the bottleneck is shop/price"
                    : "    -> the analysis did not single out shop/price this time; the codebase analysis names it");

            loop.setPhase(Phase.MANUAL_APPROVAL, OPERATOR);
            OpenEvolveConfig evolution = OpenEvolveConfig.defaults().toBuilder()
                    .engine(OpenEvolveConfig.defaults().engine().withMaxIterations(ITERATIONS).withParallelIterations(1))
                    .build();
            loop.registerTarget(new EvolutionTarget("shop", "price", initialSource, evaluator, evolution,
                    Providers.languageModel("mutation").create(Settings.of(Map.of("max_changes", "1", "scale", "1.0"))))
                    .withCodebaseRoot(problem));
            step(3, "Phase 3: a codebase analysis names shop/price; the event starts an evolution cycle (offline"
                    + " mutation model, " + ITERATIONS + " iterations, each candidate timed by PriceHarness in a sandboxed JVM;"
                    + " the prompts describe " + problem + " as codebase context)");
            loop.codebaseAnalysisComplete("shop", "price");
            Suggestion evolved = await("an evolved suggestion", () -> loop.suggestions(
                    new SuggestionQuery(SuggestionStatus.PENDING, "shop", "price")).stream()
                    .filter(s -> s.type().equals("evolved_code")).findFirst(), loop);
            LoopEvent evolutionEvent = lastEvent(loop, EventTypes.EVOLUTION_COMPLETE);
            String evolvedCode = loop.program(evolved).orElseThrow().code();
            out.printf(Locale.ROOT, "    evolution: score %s -> %s calls/ms in %s iterations; BATCH %s -> %s%n",
                    evolutionEvent.data().get("initial_score"), evolutionEvent.data().get("best_score"),
                    evolutionEvent.data().get("iterations"), live.current().batch(),
                    LiveImplementation.batchOf(evolvedCode));
            out.println("    suggestion " + evolved.id() + " (pending): " + evolved.description());

            step(4, "Approval: the operator approves; the host deploys it; validation compares fresh samples with"
                    + " the 3 s before the deployment");
            loop.approve(evolved.id(), OPERATOR, "reviewed the diff: only the batch size changed");
            loop.deploy(evolved.id(), OPERATOR);
            out.println("    deployed; PriceEngine BATCH = " + live.current().batch());
            SuggestionDecision validated = awaitDecision(loop, evolved.id());
            printDecision(validated);
            if (validated.to() != SuggestionStatus.VALIDATED) {
                throw new IllegalStateException("the evolved PriceEngine was not validated: " + validated.reason());
            }

            Thread.sleep(3500);
            step(5, "A deliberately bad change: 'batches of 1 to save memory' is proposed, approved and deployed");
            String badCode = evolvedCode.replaceFirst("BATCH\\s*=\\s*-?\\d+", "BATCH = 1");
            Suggestion bad = loop.propose("shop", "price", "Price one item per batch to save memory", badCode, "java");
            loop.approve(bad.id(), OPERATOR, "looks harmless");
            loop.deploy(bad.id(), OPERATOR);
            out.println("    deployed; PriceEngine BATCH = " + live.current().batch());
            SuggestionDecision rolledBack = awaitDecision(loop, bad.id());
            printDecision(rolledBack);
            if (rolledBack.to() != SuggestionStatus.ROLLED_BACK) {
                throw new IllegalStateException("the bad change was not rolled back: " + rolledBack.reason());
            }
            out.println("    the host put back BATCH = " + live.current().batch());

            double speedup = Double.parseDouble(validated.evidence().get("speedup"));
            double before = Double.parseDouble(validated.evidence().get("baseline_median_ms"));
            double after = Double.parseDouble(validated.evidence().get("fresh_median_ms"));
            step(6, "Stored in " + database + ".mv.db:");
            for (String id : List.of(evolved.id(), bad.id())) {
                out.println("    " + id + ": " + loop.suggestion(id).orElseThrow().status());
                for (SuggestionDecision d : loop.history(id)) {
                    out.printf(Locale.ROOT, "      %s %-11s by %-13s %s (%d evidence entries)%n", d.at(), d.to(),
                            d.actor(), d.reason(), d.evidence().size());
                }
            }
            out.printf(Locale.ROOT, "    %d events in the event log, %d requests served, %d failed%n",
                    loop.events(0, Integer.MAX_VALUE).size(), load.requests(), load.failures());
            out.printf(Locale.ROOT, "%nMeasured speed-up of /price: %.1fx (median %.3f ms -> %.3f ms), one automatic"
                    + " rollback; %.1f s in all%n", speedup, before, after, (System.nanoTime() - startNanos) / 1e9);
            return new Result(evolved.id(), bad.id(), speedup, before, after, database);
        }
    }

    private void step(int n, String text) {
        out.println();
        out.printf(Locale.ROOT, "[%d] (%.1f s) %s%n", n, (System.nanoTime() - startNanos) / 1e9, text);
    }

    private void printDecision(SuggestionDecision d) {
        Map<String, String> e = d.evidence();
        out.printf(Locale.ROOT, "    %s by %s: %s%n", d.to(), d.actor(), d.reason());
        out.printf(Locale.ROOT, "    evidence: %s vs %s samples, Mann-Whitney U %s (p slower %s, p faster %s),"
                        + " failure rate %s -> %s (p %s), alpha %s per test%n", e.get("baseline_samples"),
                e.get("fresh_samples"), e.get("mann_whitney_u"), e.get("latency_p_slower"), e.get("latency_p_faster"),
                e.get("baseline_failure_rate"), e.get("fresh_failure_rate"), e.get("failure_p_more"),
                e.get("alpha_per_test"));
    }

    private static SuggestionDecision awaitDecision(OptimizationLoop loop, String id) throws InterruptedException {
        return await("validation of " + id, () -> loop.suggestion(id)
                .filter(s -> s.status() == SuggestionStatus.VALIDATED || s.status() == SuggestionStatus.ROLLED_BACK)
                .map(s -> {
                    List<SuggestionDecision> h = loop.history(id);
                    return h.get(h.size() - 1);
                }), loop);
    }

    private static <T> T await(String what, Supplier<Optional<T>> probe, OptimizationLoop loop)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(STEP_TIMEOUT);
        long seen = 0;
        while (Instant.now().isBefore(deadline)) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            for (LoopEvent e : loop.events(seen, 1000)) {
                seen = e.sequence();
                if (e.type().equals(EventTypes.EVENT_FAILED)) {
                    throw new IllegalStateException("waiting for " + what + ": " + e.data());
                }
                if (e.type().equals(EventTypes.EVOLUTION_COMPLETE)
                        && !(Double.parseDouble(e.data().get("best_score"))
                        > Double.parseDouble(e.data().get("initial_score")))) {
                    throw new IllegalStateException("the evolution found nothing faster: " + e.data());
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(what + " did not happen within " + STEP_TIMEOUT.toSeconds() + " s");
    }

    private static LoopEvent lastEvent(OptimizationLoop loop, String type) {
        List<LoopEvent> all = loop.events(0, Integer.MAX_VALUE);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).type().equals(type)) {
                return all.get(i);
            }
        }
        throw new IllegalStateException("no " + type + " event was recorded");
    }

    private static String resource(String name) {
        try (InputStream in = DemoHost.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
