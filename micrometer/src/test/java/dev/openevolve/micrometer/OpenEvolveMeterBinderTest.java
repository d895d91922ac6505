package dev.openevolve.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.Controller;
import dev.openevolve.RunResult;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.config.PerformanceConfig;
import dev.openevolve.internal.llm.MutationModel;
import dev.openevolve.metrics.MetricsSampler;
import dev.openevolve.spi.Completion;
import dev.openevolve.spi.EvaluationRequest;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.Prompt;
import dev.openevolve.spi.TokenUsage;
import dev.openevolve.internal.store.memory.MemoryStore;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OpenEvolveMeterBinderTest {
    private static final String PROGRAM = "# EVOLVE-BLOCK-START\nx = 1.0\n# EVOLVE-BLOCK-END\n";
    private static final Pattern X = Pattern.compile("(?m)^x = (\\S+)$");

    @Test
    void samplerCountersFollowTheRealSampler() {
        var registry = new SimpleMeterRegistry();
        try (var store = MemoryStore.create()) {
            var sampler = MetricsSampler.create(PerformanceConfig.defaults().withSamplingRate(1.0), store.metrics());
            OpenEvolveMeterBinder.builder().sampler(sampler).tags(Tags.of("app", "shop")).build().bindTo(registry);
            for (int i = 0; i < 25; i++) {
                sampler.start("checkout", "price").close();
            }

            assertThat(registry.get("openevolve.sampler.recorded").tag("app", "shop").functionCounter().count())
                    .isEqualTo(25);
            assertThat(registry.get("openevolve.sampler.dropped").functionCounter().count()).isZero();
            assertThat(registry.get("openevolve.sampler.rate").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("openevolve.sampler.buffered").gauge().value()
                    + registry.get("openevolve.sampler.flushed").functionCounter().count()).isEqualTo(25);
            sampler.close();
            assertThat(store.metrics().find(Instant.EPOCH, Instant.now().plusSeconds(60), 100)).hasSize(25);
            assertThat(registry.get("openevolve.sampler.flushed").functionCounter().count()).isEqualTo(25);
        }
    }

    @Test
    void evolutionAndModelMetersFollowARealRun() {
        var registry = new SimpleMeterRegistry();
        var meters = OpenEvolveMeterBinder.builder().runId("tuning").build();
        meters.bindTo(registry);
        assertThat(registry.get("openevolve.llm.tokens").tag("run", "tuning").functionCounter().count()).isZero();
        assertThat(registry.get("openevolve.evolution.best.score").gauge().value()).isNaN();

        var defaults = OpenEvolveConfig.defaults();
        var config = defaults.toBuilder().engine(defaults.engine().withMaxIterations(12).withCheckpointInterval(5))
                .build();
        LanguageModel mutation = MutationModel.defaults();
        LanguageModel billed = new LanguageModel() {
            @Override
            public String name() {
                return "billed";
            }

            @Override
            public Completion complete(Prompt prompt) {
                Completion c = mutation.complete(prompt);
                return new Completion(c.text(), c.model(), c.finishReason(), new TokenUsage(10, 5), 0.25);
            }
        };
        Evaluator evaluator = new Evaluator() {
            @Override
            public EvaluationResult evaluate(EvaluationRequest request) {
                if (request.candidate().id().equals("p4")) {
                    return EvaluationResult.failure("crashed", Map.of());
                }
                var m = X.matcher(request.candidate().code());
                double x = m.find() ? Double.parseDouble(m.group(1)) : 0;
                return EvaluationResult.success(Map.of(EvaluationResult.COMBINED_SCORE, 1 / (1 + Math.abs(x - 3))),
                        Map.of());
            }
        };
        try (var store = MemoryStore.create();
             var controller = Controller.builder().config(config).runId("tuning").initialProgram(PROGRAM)
                     .evaluator(evaluator).languageModel(billed).store(store).listener(meters).build()) {
            meters.attach(controller);
            RunResult result = controller.run();

            assertThat(registry.get("openevolve.evolution.iterations").tag("run", "tuning").functionCounter().count())
                    .isEqualTo(12);
            assertThat(registry.get("openevolve.evolution.candidates.failed").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("openevolve.evolution.improvements").functionCounter().count()).isPositive();
            assertThat(registry.get("openevolve.evolution.checkpoints").functionCounter().count()).isGreaterThanOrEqualTo(2);
            assertThat(registry.get("openevolve.evolution.best.score").gauge().value())
                    .isEqualTo(result.best().fitness());
            assertThat(registry.get("openevolve.llm.tokens").functionCounter().count()).isEqualTo(12 * 15);
            assertThat(registry.get("openevolve.llm.cost.usd").functionCounter().count()).isEqualTo(12 * 0.25);
            assertThat(registry.get("openevolve.evolution.running").gauge().value()).isZero();
            assertThatThrownBy(() -> meters.attach(controller)).isInstanceOf(IllegalStateException.class);
        }
    }
}
