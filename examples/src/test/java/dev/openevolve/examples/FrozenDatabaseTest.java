package dev.openevolve.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.Controller;
import dev.openevolve.RunResult;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.internal.llm.MutationModel;
import dev.openevolve.plugin.Providers;
import dev.openevolve.spi.EvaluationRequest;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Store;
import dev.openevolve.spi.StoreException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL server that freezes mid-run (a proxy on the way stops forwarding) fails the run with a message
 * naming the timeout instead of blocking it, and the run resumes once the server answers again with nothing lost.
 */
class FrozenDatabaseTest {
    private static final String PG_URL = KillAnywhereResumeTest.env("OPENEVOLVE_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER = KillAnywhereResumeTest.env("OPENEVOLVE_TEST_PG_USER", "postgres");
    private static final String PROGRAM = "# EVOLVE-BLOCK-START\nX = 1.25\nY = -0.5\n# EVOLVE-BLOCK-END\n";
    private static final Pattern NUMBER = Pattern.compile("(?m)^([XY]) = (\\S+)$");

    @Test
    void aFrozenServerFailsTheRunWithinTheTimeoutsAndTheRunResumesWithNothingLost() throws Exception {
        KillAnywhereResumeTest.requirePostgres();
        String frozenSchema = "oe_frozen_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String wholeSchema = frozenSchema + "_w";
        var hostPort = java.net.URI.create(PG_URL.substring("jdbc:".length()));
        try (var proxy = new FreezableProxy(hostPort.getHost(), hostPort.getPort())) {
            String viaProxy = "jdbc:postgresql://127.0.0.1:" + proxy.port() + hostPort.getPath();
            List<Program> whole;
            try (Store store = open(PG_URL, wholeSchema)) {
                run(store, request -> { });
                whole = store.programs().list("frozen");
            }

            RunResult resumed;
            try (Store store = open(viaProxy, frozenSchema)) {
                CompletableFuture<RunResult> failing = CompletableFuture.supplyAsync(() -> run(store, request -> {
                    if (request.candidate().id().equals("p9")) {
                        proxy.freeze();
                    }
                }));
                try {
                    failing.get(120, TimeUnit.SECONDS);   // a hang guard: the timeouts end it long before
                    throw new AssertionError("the run went on although its database froze");
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(StoreException.class)
                            .hasMessageContaining("timeout_seconds").hasMessageContaining(viaProxy);
                }
                proxy.thaw();
            }
            try (Store store = open(viaProxy, frozenSchema)) {
                resumed = run(store, request -> { });
                assertThat(store.programs().list("frozen")).isEqualTo(whole);
            }
            assertThat(resumed.iterations()).isEqualTo(24);
        } finally {
            for (String schema : List.of(frozenSchema, wholeSchema)) {
                KillAnywhereResumeTest.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static Store open(String url, String schema) {
        var settings = new HashMap<String, String>(Map.of("url", url, "username", PG_USER, "schema", schema,
                "socket_timeout_seconds", "2", "connect_timeout_seconds", "2", "statement_timeout_seconds", "2",
                "pool_size", "2"));
        return Providers.store("jdbc").open(Settings.of(settings));
    }

    private static RunResult run(Store store, java.util.function.Consumer<EvaluationRequest> hook) {
        var d = OpenEvolveConfig.defaults();
        var config = d.toBuilder().engine(d.engine().withMaxIterations(24).withCheckpointInterval(4)
                .withParallelIterations(4).withRandomSeed(5).withLanguage("python")).build();
        Evaluator evaluator = request -> {
            hook.accept(request);
            double x = Double.NaN;
            double y = Double.NaN;
            var m = NUMBER.matcher(request.candidate().code());
            while (m.find()) {
                double v = Double.parseDouble(m.group(2));
                if (m.group(1).equals("X")) {
                    x = v;
                } else {
                    y = v;
                }
            }
            return EvaluationResult.success(Map.of("combined_score", 1 / (1 + Math.abs(x - 3) + Math.abs(y + 1))));
        };
        try (var controller = Controller.builder().config(config).runId("frozen").initialProgram(PROGRAM)
                .evaluator(evaluator).languageModel(MutationModel.defaults()).store(store)
                .clock(java.time.Clock.fixed(java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC))
                .build()) {
            return controller.run();
        }
    }
}
