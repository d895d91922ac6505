package dev.openevolve.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.openevolve.spi.Completion;
import dev.openevolve.spi.FinishReason;
import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.ModelException;
import dev.openevolve.spi.Prompt;
import dev.openevolve.spi.TokenUsage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelEnsembleTest {

    /** A small real model: answers with its name and fixed usage, or fails as told. */
    private static final class FixedModel implements LanguageModel {
        private final String name;
        private final RuntimeException failure;
        private final List<String> calls;
        private final AtomicInteger count = new AtomicInteger();
        private final AtomicBoolean closed = new AtomicBoolean();

        FixedModel(String name, RuntimeException failure, List<String> calls) {
            this.name = name;
            this.failure = failure;
            this.calls = calls;
        }

        static FixedModel answering(String name) {
            return new FixedModel(name, null, Collections.synchronizedList(new ArrayList<>()));
        }

        static FixedModel failing(String name, boolean retryable, List<String> calls) {
            return new FixedModel(name, new ModelException(name, 503, retryable, name + " is overloaded"), calls);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Completion complete(Prompt prompt) {
            count.incrementAndGet();
            calls.add(name);
            if (failure != null) {
                throw failure;
            }
            return new Completion("answer of " + name, name, FinishReason.STOP, new TokenUsage(10, 5), 0.002);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private static Prompt prompt(long seed) {
        return new Prompt("s", "u", "code", seed);
    }

    @Test
    void picksMembersInProportionToTheirWeights() {
        FixedModel a = FixedModel.answering("a");
        FixedModel b = FixedModel.answering("b");
        FixedModel c = FixedModel.answering("c");
        ModelEnsemble ensemble = ModelEnsemble.of(List.of(new WeightedModel(a, 3), new WeightedModel(b, 1),
                new WeightedModel(c, 0)));

        Map<String, Integer> answers = new HashMap<>();
        int n = 4000;
        for (int seed = 0; seed < n; seed++) {
            answers.merge(ensemble.complete(prompt(seed)).model(), 1, Integer::sum);
        }

        assertThat(answers.get("a") / (double) n).isCloseTo(0.75, within(0.03));
        assertThat(answers.get("b") / (double) n).isCloseTo(0.25, within(0.03));
        assertThat(c.count.get()).isZero();
        assertThat(ensemble.name()).isEqualTo("ensemble(a,b)");
    }

    @Test
    void theSameSeedPicksTheSameMember() {
        ModelEnsemble ensemble = ModelEnsemble.of(List.of(new WeightedModel(FixedModel.answering("a"), 1),
                new WeightedModel(FixedModel.answering("b"), 1)));
        for (long seed = 0; seed < 50; seed++) {
            assertThat(ensemble.complete(prompt(seed)).model()).isEqualTo(ensemble.complete(prompt(seed)).model());
        }
    }

    @Test
    void fallsBackToTheOtherMembersByDescendingWeight() {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        FixedModel broken = FixedModel.failing("broken", true, calls);
        FixedModel light = new FixedModel("light", null, calls);
        FixedModel heavy = new FixedModel("heavy", null, calls);
        ModelEnsemble ensemble = ModelEnsemble.of(List.of(new WeightedModel(broken, 100), new WeightedModel(light, 1),
                new WeightedModel(heavy, 2)));
        long seed = firstSeedDrawing(ensemble, "broken");

        Completion c = ensemble.complete(prompt(seed));

        assertThat(c.model()).isEqualTo("heavy");
        assertThat(c.text()).isEqualTo("answer of heavy");
        assertThat(calls).containsExactly("broken", "heavy");
    }

    /** A seed for which an ensemble of these weights draws {@code member} first, found on a twin of answering models. */
    private static long firstSeedDrawing(ModelEnsemble ensemble, String member) {
        List<WeightedModel> twins = ensemble.members().stream()
                .map(m -> new WeightedModel(FixedModel.answering(m.model().name()), m.weight()))
                .toList();
        ModelEnsemble probe = ModelEnsemble.of(twins);
        for (long seed = 0; seed < 1000; seed++) {
            if (probe.complete(prompt(seed)).model().equals(member)) {
                return seed;
            }
        }
        throw new AssertionError("no seed draws " + member);
    }

    @Test
    void failsListingEveryMembersErrorWhenAllFail() {
        List<String> calls = new ArrayList<>();
        ModelEnsemble ensemble = ModelEnsemble.of(List.of(new WeightedModel(FixedModel.failing("a", false, calls), 1),
                new WeightedModel(FixedModel.failing("b", true, calls), 2)));

        assertThatThrownBy(() -> ensemble.complete(prompt(7)))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.model()).isEqualTo("ensemble(a,b)");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).startsWith("all 2 ensemble members failed: ")
                            .contains("a: a is overloaded").contains("b: b is overloaded");
                    assertThat(e.getSuppressed()).hasSize(1);
                    assertThat(e.getCause()).isInstanceOf(ModelException.class);
                });
        assertThat(calls).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void otherExceptionsAreNotSwallowed() {
        FixedModel buggy = new FixedModel("buggy", new IllegalStateException("bug"), new ArrayList<>());
        FixedModel ok = FixedModel.answering("ok");
        ModelEnsemble ensemble = ModelEnsemble.of(List.of(new WeightedModel(buggy, 1), new WeightedModel(ok, 0)));

        assertThatThrownBy(() -> ensemble.complete(prompt(1))).isInstanceOf(IllegalStateException.class).hasMessage("bug");
        assertThat(buggy.count.get()).isEqualTo(1);
        assertThat(ok.count.get()).isZero();
    }

    @Test
    void answersEveryCallUnderConcurrentCalls() throws Exception {
        FixedModel a = FixedModel.answering("a");
        FixedModel b = FixedModel.answering("b");
        ModelEnsemble ensemble = ModelEnsemble.of(List.of(new WeightedModel(a, 1), new WeightedModel(b, 1)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t * 1000;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        ensemble.complete(prompt(offset + i));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(a.count.get() + b.count.get()).isEqualTo(2000);
        assertThat(a.count.get()).isPositive();
        assertThat(b.count.get()).isPositive();
    }

    @Test
    void rejectsEnsemblesWithoutPositiveWeightOrWithDuplicateNames() {
        FixedModel a = FixedModel.answering("a");
        assertThatThrownBy(() -> ModelEnsemble.of(List.of(new WeightedModel(a, 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an ensemble needs at least one member with a weight above 0 but had a=0.0");
        assertThatThrownBy(() -> ModelEnsemble.of(List.of()))
                .hasMessage("an ensemble needs at least one member with a weight above 0 but had no member");
        assertThatThrownBy(() -> ModelEnsemble.of(List.of(new WeightedModel(a, 1), new WeightedModel(FixedModel.answering("a"), 2))))
                .hasMessage("two ensemble members are named 'a'; names must be unique so that usage can be counted per member");
    }

    @Test
    void weightedModelRejectsNegativeAndNanWeightsNamingTheModel() {
        FixedModel a = FixedModel.answering("gpt-x");
        assertThatThrownBy(() -> new WeightedModel(a, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weight of model 'gpt-x' must be a finite number >= 0 but was -1.0");
        assertThatThrownBy(() -> new WeightedModel(a, Double.NaN))
                .hasMessage("weight of model 'gpt-x' must be a finite number >= 0 but was NaN");
    }

    @Test
    void closeClosesEveryGivenModelIncludingDroppedOnes() {
        FixedModel a = FixedModel.answering("a");
        FixedModel zero = FixedModel.answering("zero");
        ModelEnsemble.of(List.of(new WeightedModel(a, 1), new WeightedModel(zero, 0))).close();

        assertThat(a.closed).isTrue();
        assertThat(zero.closed).isTrue();
    }

    @Test
    void worksWithTheMutationModelAsAMember() {
        ModelEnsemble ensemble = ModelEnsemble.of(List.of(new WeightedModel(MutationModel.defaults(), 1)));

        Completion c = ensemble.complete(new Prompt("", "", "x = 1\n", 3));

        assertThat(c.model()).isEqualTo("mutation");
        assertThat(c.usage()).isEqualTo(TokenUsage.NONE);
    }
}
