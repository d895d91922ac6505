package dev.openevolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.internal.llm.MutationModel;
import dev.openevolve.plugin.Providers;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.ProcessSnapshot;
import dev.openevolve.spi.SampleBatch;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Suggestion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ControllerSuggestionsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void suggestionsComeFromStoredSamplesAboveTheConfidenceBarBestFirst() {
        try (var store = Providers.store("memory").open(Settings.empty())) {
            var random = new SplittableRandom(1);
            var samples = new ArrayList<PerformanceSample>();
            for (int i = 0; i < 360; i++) {
                boolean slow = i % 6 == 0;
                double ms = (slow ? 250 : 12) * Math.exp(0.05 * gaussian(random));
                samples.add(new PerformanceSample(slow ? "reports" : "api", slow ? "render" : "get",
                        NOW.minusSeconds(3600 - i * 10L),
                        Duration.ofNanos((long) (ms * 1e6)), true, null, Map.of(), -1, -1));
            }
            store.metrics().append(new SampleBatch(samples, new ProcessSnapshot(NOW, 1 << 20, -1, -1)));

            try (var controller = Controller.builder().config(TuningProblem.config(1, 1))
                    .initialProgram(TuningProblem.PROGRAM).evaluator(new TuningProblem())
                    .languageModel(MutationModel.defaults()).store(store)
                    .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
                List<Suggestion> suggestions = controller.getOptimizationSuggestions();

                assertThat(suggestions).isNotEmpty().allMatch(s -> s.confidence() > 0.8);
                assertThat(suggestions).isSortedAccordingTo(Comparator.comparingInt(Suggestion::priority));
                assertThat(suggestions).anyMatch(s -> s.targetComponent().equals("reports"));
                assertThat(store.patterns().list()).isNotEmpty();
                assertThat(store.suggestions().list()).hasSizeGreaterThanOrEqualTo(suggestions.size());
            }
        }
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void noSamplesMeansNoSuggestions() {
        try (var store = Providers.store("memory").open(Settings.empty());
             var controller = Controller.builder().config(TuningProblem.config(1, 1))
                     .initialProgram(TuningProblem.PROGRAM).evaluator(new TuningProblem())
                     .languageModel(MutationModel.defaults()).store(store).build()) {
            assertThat(controller.getOptimizationSuggestions()).isEmpty();
        }
    }
}
