package dev.openevolve.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.spi.ForwardingStore;
import dev.openevolve.spi.LoopEvent;
import dev.openevolve.spi.MetricsStore;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.ProcessSnapshot;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.SampleBatch;
import dev.openevolve.spi.Store;
import dev.openevolve.spi.Suggestion;
import dev.openevolve.spi.SuggestionDecision;
import dev.openevolve.spi.SuggestionStatus;
import dev.openevolve.internal.store.memory.MemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OptimizationLoopTest {
    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");

    private final MemoryStore store = MemoryStore.create();
    private final MutableClock clock = new MutableClock(T0);
    private final List<String> hostCalls = new CopyOnWriteArrayList<>();
    private final DeploymentHandler handler = new DeploymentHandler() {
        @Override
        public void deploy(Suggestion s, Optional<Program> program) {
            hostCalls.add("deploy " + s.id() + " " + program.map(Program::code).orElse("-"));
        }

        @Override
        public void rollback(Suggestion s, Map<String, String> evidence) {
            hostCalls.add("rollback " + s.id() + " " + evidence.get("reason"));
        }
    };

    @AfterEach
    void closeStore() {
        store.close();
    }

    private LoopSettings.Builder phase3() {
        return LoopSettings.builder().phase(Phase.MANUAL_APPROVAL).minSamples(30)
                .baselineWindow(Duration.ofMinutes(10)).validationInterval(Duration.ofHours(1));
    }

    private OptimizationLoop loop(LoopSettings settings) {
        return OptimizationLoop.builder().store(store).clock(clock).settings(settings).deploymentHandler(handler)
                .build();
    }

    // ------------------------------------------------------------------ state machine

    @Test
    void everyStepTheStateMachineDoesNotAllowIsRefusedAndChangesNothing() {
        var allowed = Map.of(
                SuggestionStatus.PENDING, EnumSet.of(SuggestionStatus.APPROVED, SuggestionStatus.REJECTED),
                SuggestionStatus.APPROVED, EnumSet.of(SuggestionStatus.DEPLOYED, SuggestionStatus.REJECTED),
                SuggestionStatus.DEPLOYED, EnumSet.of(SuggestionStatus.VALIDATED, SuggestionStatus.ROLLED_BACK),
                SuggestionStatus.VALIDATED, EnumSet.of(SuggestionStatus.ROLLED_BACK),
                SuggestionStatus.REJECTED, EnumSet.noneOf(SuggestionStatus.class),
                SuggestionStatus.ROLLED_BACK, EnumSet.noneOf(SuggestionStatus.class));
        for (SuggestionStatus from : SuggestionStatus.values()) {
            for (SuggestionStatus to : SuggestionStatus.values()) {
                assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(allowed.get(from).contains(to));
            }
        }

        try (var loop = loop(phase3().build())) {
            Suggestion s = loop.propose("shop", "price", "cache prices", "class A {}", "java");
            assertThatThrownBy(() -> loop.deploy(s.id(), "alice"))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage("suggestion " + s.id() + " is PENDING and cannot become DEPLOYED; from PENDING it can"
                            + " become [APPROVED, REJECTED]");
            assertThatThrownBy(() -> loop.rollback(s.id(), "alice", "no"))
                    .isInstanceOf(IllegalTransitionException.class);
            loop.reject(s.id(), "bob", "not now");
            assertThatThrownBy(() -> loop.approve(s.id(), "alice", "changed my mind"))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("(REJECTED is final)");

            assertThat(loop.suggestion(s.id()).orElseThrow().status()).isEqualTo(SuggestionStatus.REJECTED);
            assertThat(loop.history(s.id())).extracting(SuggestionDecision::actor, SuggestionDecision::to,
                    SuggestionDecision::reason)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("bob", SuggestionStatus.REJECTED, "not now"));
            assertThat(hostCalls).isEmpty();
            assertThatThrownBy(() -> loop.approve("no-such-id", "alice", ""))
                    .isInstanceOf(LoopException.class).hasMessage("there is no suggestion no-such-id");
        }
    }

    @Test
    void approvalDeploymentAndValidationAreStoredWithWhoWhenAndEvidence() {
        try (var loop = loop(phase3().build())) {
            Suggestion s = loop.propose("shop", "price", "bigger batches", "class Faster {}", "java");
            clock.advance(Duration.ofMinutes(1));
            loop.approve(s.id(), "alice", "reviewed");
            Instant deployedAt = T0.plus(Duration.ofMinutes(2));
            clock.advance(Duration.ofMinutes(1));
            loop.deploy(s.id(), "alice");
            assertThat(hostCalls).containsExactly("deploy " + s.id() + " class Faster {}");

            var random = new SplittableRandom(3);
            append(loop.metricsStore(), random, deployedAt.minus(Duration.ofMinutes(5)), 60, 20);
            append(loop.metricsStore(), random, deployedAt.plusSeconds(1), 60, 5);
            clock.advance(Duration.ofMinutes(5));

            Verdict verdict = loop.validate(s.id());

            assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.IMPROVED);
            assertThat(loop.suggestion(s.id()).orElseThrow().status()).isEqualTo(SuggestionStatus.VALIDATED);
            var history = loop.history(s.id());
            assertThat(history).extracting(SuggestionDecision::to).containsExactly(SuggestionStatus.APPROVED,
                    SuggestionStatus.DEPLOYED, SuggestionStatus.VALIDATED);
            assertThat(history.get(0).at()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
            assertThat(history.get(1).at()).isEqualTo(deployedAt);
            assertThat(history.get(2).actor()).isEqualTo(OptimizationLoop.LOOP_ACTOR);
            assertThat(history.get(2).evidence()).containsEntry("baseline_samples", "60")
                    .containsEntry("fresh_samples", "60").containsKey("latency_p_faster");
        }
    }

    @Test
    void aDegradedDeploymentIsRolledBackThroughTheHostWithTheEvidence() {
        try (var loop = loop(phase3().build())) {
            Suggestion s = loop.propose("shop", "price", "tiny batches", "class Slower {}", "java");
            loop.approve(s.id(), "alice", "try it");
            loop.deploy(s.id(), "alice");
            var random = new SplittableRandom(4);
            append(loop.metricsStore(), random, T0.minus(Duration.ofMinutes(5)), 50, 5);
            append(loop.metricsStore(), random, T0.plusSeconds(1), 50, 9);
            // another operation of the same component must not count
            appendOperation(loop.metricsStore(), "list", T0.plusSeconds(2), 200, 1);
            clock.advance(Duration.ofMinutes(5));

            Verdict verdict = loop.validate(s.id());

            assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.DEGRADED);
            assertThat(verdict.evidence()).containsEntry("fresh_samples", "50");
            assertThat(hostCalls).containsExactly("deploy " + s.id() + " class Slower {}",
                    "rollback " + s.id() + " slower");
            var last = loop.history(s.id()).get(2);
            assertThat(last.to()).isEqualTo(SuggestionStatus.ROLLED_BACK);
            assertThat(last.reason()).startsWith("automatic rollback: slower than its baseline");
            assertThat(last.evidence()).containsKeys("mann_whitney_u", "latency_p_slower", "alpha_per_test");
            assertThat(loop.events(0, 1000)).extracting(LoopEvent::type)
                    .contains(EventTypes.VALIDATION_CHECKED, EventTypes.SUGGESTION_STATUS);
        }
    }

    // ------------------------------------------------------------------ flags

    @Test
    void flagsSwitchPartsOffAtRunTimeAndSurviveARestart() {
        try (var loop = loop(phase3().build())) {
            loop.setFlag(Feature.ANALYSIS, false, "ops");
            assertThatThrownBy(loop::analyze).isInstanceOf(LoopException.class)
                    .hasMessage("analysis is switched off by flag 'analysis'");

            loop.setFlag(Feature.METRICS, false, "ops");
            append(loop.metricsStore(), new SplittableRandom(1), T0, 10, 1);
            assertThat(store.metrics().find(T0, T0.plusSeconds(60), 100)).isEmpty();
            assertThat(loop.state().droppedSamples()).isEqualTo(10);
            loop.setFlag(Feature.METRICS, true, "ops");
            append(loop.metricsStore(), new SplittableRandom(1), T0, 10, 1);
            assertThat(store.metrics().find(T0, T0.plusSeconds(60), 100)).hasSize(10);

            Suggestion s = loop.propose("shop", "price", "x", "class X {}", "java");
            loop.approve(s.id(), "alice", "");
            loop.setFlag(Feature.DEPLOYMENT, false, "ops");
            assertThatThrownBy(() -> loop.deploy(s.id(), "alice")).isInstanceOf(LoopException.class)
                    .hasMessage("deployment is switched off by flag 'deployment'");
            assertThat(hostCalls).isEmpty();
            loop.setFlag(Feature.DEPLOYMENT, true, "ops");
            loop.deploy(s.id(), "alice");

            loop.setFlag(Feature.AUTOMATIC_ROLLBACK, false, "ops");
            var random = new SplittableRandom(5);
            append(loop.metricsStore(), random, T0.minus(Duration.ofMinutes(5)), 50, 5);
            append(loop.metricsStore(), random, T0.plusSeconds(1), 50, 50);
            clock.advance(Duration.ofMinutes(5));
            assertThat(loop.validate(s.id()).outcome()).isEqualTo(Verdict.Outcome.DEGRADED);
            assertThat(loop.suggestion(s.id()).orElseThrow().status()).isEqualTo(SuggestionStatus.DEPLOYED);

            loop.setFlag(Feature.VALIDATION, false, "ops");
            assertThatThrownBy(() -> loop.validate(s.id())).isInstanceOf(LoopException.class)
                    .hasMessageContaining("flag 'validation'");
            assertThat(loop.events(0, 1000)).filteredOn(e -> e.type().equals(EventTypes.FLAG_CHANGED)).hasSize(7);
        }
        try (var again = OptimizationLoop.builder().store(store).clock(clock).build()) {
            assertThat(again.flags()).containsEntry(Feature.ANALYSIS, false).containsEntry(Feature.METRICS, true)
                    .containsEntry(Feature.AUTOMATIC_ROLLBACK, false).containsEntry(Feature.EVOLUTION, true);
        }
    }

    @Test
    void phasesGateWhatTheLoopDoes() {
        try (var loop = loop(LoopSettings.builder().phase(Phase.METRICS_ONLY).build())) {
            assertThatThrownBy(loop::analyze).isInstanceOf(LoopException.class)
                    .hasMessage("analysis needs phase 2 (SUGGESTIONS) or later; the loop is in phase 1 (METRICS_ONLY)");
            Suggestion s = loop.propose("shop", "price", "x", "class X {}", "java");
            assertThatThrownBy(() -> loop.approve(s.id(), "alice", "")).isInstanceOf(LoopException.class);

            loop.setPhase(Phase.SUGGESTIONS, "ops");
            loop.approve(s.id(), "alice", "");
            assertThatThrownBy(() -> loop.deploy(s.id(), "alice")).isInstanceOf(LoopException.class)
                    .hasMessageContaining("needs phase 3");
            assertThatThrownBy(() -> loop.evolve("shop", "price")).isInstanceOf(LoopException.class)
                    .hasMessageContaining("needs phase 3");
            loop.setPhase(Phase.MANUAL_APPROVAL, "ops");
            assertThatThrownBy(() -> loop.evolve("shop", "price")).isInstanceOf(LoopException.class)
                    .hasMessage("no evolution target is registered for shop/price; registered: []");
            assertThat(loop.deploy(s.id(), "alice").status()).isEqualTo(SuggestionStatus.DEPLOYED);
        }
    }

    // ------------------------------------------------------------------ settings versions

    @Test
    void settingsChangesAreVersionedAndAnOldVersionCanBeRestored() {
        var first = phase3().alpha(0.01).build();
        try (var loop = loop(first)) {
            loop.updateSettings(first.toBuilder().alpha(0.2).minSamples(100).build(), "bob", "looser");
            loop.setPhase(Phase.AUTONOMOUS, "carol");
            assertThat(loop.settings().alpha()).isEqualTo(0.2);
            assertThat(loop.phase()).isEqualTo(Phase.AUTONOMOUS);

            var restored = loop.restoreSettings(1, "dave");

            assertThat(restored.version()).isEqualTo(4);
            assertThat(restored.reason()).isEqualTo("restore of version 1");
            assertThat(loop.settings()).isEqualTo(first);
            assertThat(loop.settingsHistory()).extracting(v -> v.actor())
                    .containsExactly("host", "bob", "carol", "dave");
            assertThat(loop.state().configVersion()).isEqualTo(4);
            assertThatThrownBy(() -> loop.restoreSettings(9, "dave")).isInstanceOf(LoopException.class)
                    .hasMessage("there is no configuration version 9; versions are [1, 2, 3, 4]");
        }
        try (var again = OptimizationLoop.builder().store(store).clock(clock).build()) {
            assertThat(again.settings()).isEqualTo(first);
            assertThat(again.settingsHistory()).hasSize(4);
        }
    }

    @Test
    void settingsTextRoundTripsAndEveryProblemIsReportedAtOnce() {
        var s = LoopSettings.builder().phase(Phase.AUTONOMOUS).alpha(0.01).deniedContextKeys(java.util.Set.of("Email"))
                .privacyMode(LoopSettings.PrivacyMode.DROP).validationTimeout(Duration.ofSeconds(42)).build();
        assertThat(LoopSettings.fromText(s.toText())).isEqualTo(s);

        assertThatThrownBy(() -> LoopSettings.fromText("phase = 7\nalpha = 0.9\nmin_samples = many\ncolour = red\n"
                + "baseline_window = 5 minutes\njust text\n"))
                .isInstanceOf(LoopException.class)
                .hasMessageContaining("line 1: phase was '7' but phase must be 1, 2, 3 or 4 but was 7")
                .hasMessageContaining("line 3: min_samples was 'many' but it must be a whole number")
                .hasMessageContaining("line 4: colour was 'red' but it is not a loop setting")
                .hasMessageContaining("line 5: baseline_window was '5 minutes'")
                .hasMessageContaining("line 6 'just text' is not 'key = value'");
        assertThatThrownBy(() -> LoopSettings.fromText("alpha = 0.9\nmin_samples = 1"))
                .isInstanceOf(LoopException.class)
                .hasMessageContaining("alpha must be greater than 0 and less than 0.5 but was 0.9")
                .hasMessageContaining("min_samples must be at least 5 but was 1");
    }

    // ------------------------------------------------------------------ events

    @Test
    void publishedEventsAreLoggedAndCiPipelinesBecomeSamples() throws Exception {
        try (var loop = loop(phase3().build())) {
            assertThat(loop.ciPipelineComplete("build", Duration.ofSeconds(95), 412, 3)).isTrue();
            assertThat(loop.ciPipelineComplete("build", Duration.ofSeconds(80), 412, 0)).isTrue();
            awaitHandled(loop, 2);

            assertThat(loop.events(0, 100)).filteredOn(e -> e.type().equals(EventTypes.CI_PIPELINE_COMPLETE))
                    .extracting(e -> e.data().get("failures")).containsExactly("3", "0");
            List<PerformanceSample> samples = store.metrics().find(T0.minusSeconds(1), T0.plusSeconds(1), 10);
            assertThat(samples).extracting(PerformanceSample::component, PerformanceSample::operation,
                    PerformanceSample::success, PerformanceSample::duration)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("ci", "build", false, Duration.ofSeconds(95)),
                            org.assertj.core.groups.Tuple.tuple("ci", "build", true, Duration.ofSeconds(80)));
            assertThatThrownBy(() -> loop.ciPipelineComplete("build", Duration.ofSeconds(1), 2, 3))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 tests, 3 failures");
        }
    }

    @Test
    void aDeploymentCompleteEventFromTheHostMovesAnApprovedSuggestionToDeployed() throws Exception {
        try (var loop = loop(phase3().build())) {
            Suggestion s = loop.propose("shop", "price", "x", "class X {}", "java");
            loop.approve(s.id(), "alice", "");
            loop.deploymentComplete(s.id());
            loop.deploymentComplete("unknown-id");
            awaitHandled(loop, 2);

            assertThat(loop.suggestion(s.id()).orElseThrow().status()).isEqualTo(SuggestionStatus.DEPLOYED);
            assertThat(loop.history(s.id()).get(1).actor()).isEqualTo("host");
            assertThat(loop.state().pendingValidations()).isEqualTo(1);
            assertThat(loop.events(0, 100)).filteredOn(e -> e.type().equals(EventTypes.EVENT_FAILED))
                    .extracting(e -> e.data().get("error")).containsExactly("there is no suggestion unknown-id");
        }
    }

    @Test
    void whenTheHandlerFallsBehindEventsOverflowAreCountedAndTheCountIsLogged() throws Exception {
        var gate = new CountDownLatch(1);
        var entered = new CountDownLatch(1);
        Store slow = new SlowMetricsStore(store, gate, entered);
        try (var loop = OptimizationLoop.builder().store(slow).clock(clock).settings(phase3().build())
                .eventQueueCapacity(3).build()) {
            assertThat(loop.ciPipelineComplete("p0", Duration.ofSeconds(1), 1, 0)).isTrue();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            int accepted = 0;
            for (int i = 1; i <= 50; i++) {
                accepted += loop.ciPipelineComplete("p" + i, Duration.ofSeconds(1), 1, 0) ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(3);
            assertThat(loop.state().droppedEvents()).isEqualTo(47);
            gate.countDown();
            awaitHandled(loop, 4);

            assertThat(loop.events(0, 100)).filteredOn(e -> e.type().equals(EventTypes.EVENTS_DROPPED))
                    .extracting(e -> e.data().get("dropped")).containsExactly("47");
            assertThat(store.metrics().find(T0.minusSeconds(1), T0.plusSeconds(1), 100)).hasSize(4);
        } finally {
            gate.countDown();
        }
    }

    // ------------------------------------------------------------------ metrics-only host

    @Test
    void aMetricsOnlyHostGetsSuggestionsNamingComponentAndOperation() {
        var random = new SplittableRandom(1);
        var samples = new ArrayList<PerformanceSample>();
        for (int i = 0; i < 360; i++) {
            boolean slow = i % 6 == 0;
            double ms = (slow ? 250 : 12) * Math.exp(0.05 * RankTestsTest.gaussian(random));
            samples.add(new PerformanceSample("api", slow ? "report" : "get", T0.minusSeconds(3600 - i * 10L),
                    Duration.ofNanos((long) (ms * 1e6)), true, null, Map.of(), -1, -1));
        }
        try (var loop = OptimizationLoop.builder().store(store).clock(clock).build()) {
            loop.metricsStore().append(new SampleBatch(samples, new ProcessSnapshot(T0, 1, -1, -1)));

            List<Suggestion> suggestions = loop.analyze();

            assertThat(suggestions).isNotEmpty();
            assertThat(suggestions).anyMatch(s -> s.targetComponent().equals("api")
                    && "report".equals(s.targetOperation()) && "api/report".equals(s.evolutionTarget()));
            assertThat(loop.suggestions(new SuggestionQuery(SuggestionStatus.PENDING, "api", "report"))).isNotEmpty()
                    .allMatch(s -> s.targetOperation().equals("report"));
            Suggestion first = suggestions.get(0);
            loop.approve(first.id(), "alice", "");
            assertThat(loop.analyze()).filteredOn(s -> s.id().equals(first.id()))
                    .extracting(Suggestion::status).containsExactly(SuggestionStatus.APPROVED);
        }
    }

    // ------------------------------------------------------------------ privacy

    @Test
    void theLoopsMetricsStoreHashesDeniedKeysWithItsKey() {
        byte[] key = "0123456789abcdef0123".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var settings = phase3().deniedContextKeys(java.util.Set.of("user")).build();
        try (var loop = OptimizationLoop.builder().store(store).clock(clock).settings(settings).privacyKey(key)
                .build()) {
            loop.metricsStore().append(new SampleBatch(List.of(new PerformanceSample("shop", "price", T0,
                    Duration.ofMillis(3), true, null, Map.of("User", "alice@example.com", "region", "eu"), -1, -1)),
                    new ProcessSnapshot(T0, 1, -1, -1)));

            var stored = store.metrics().find(T0, T0.plusSeconds(1), 1).get(0).context();
            assertThat(stored.get("region")).isEqualTo("eu");
            assertThat(stored.get("User")).startsWith(PrivacyFilter.HASH_PREFIX).doesNotContain("alice");
        }
        assertThatThrownBy(() -> OptimizationLoop.builder().store(MemoryStore.create()).settings(settings).build())
                .isInstanceOf(LoopException.class).hasMessageContaining("needs an HMAC key");
    }

    // ------------------------------------------------------------------ helpers

    private static void awaitHandled(OptimizationLoop loop, long n) throws InterruptedException {
        for (int i = 0; i < 1000 && loop.state().handledEvents() + loop.state().failedEvents() < n; i++) {
            Thread.sleep(10);
        }
        assertThat(loop.state().handledEvents() + loop.state().failedEvents()).isEqualTo(n);
    }

    private static void append(MetricsStore target, SplittableRandom random, Instant from, int n, double medianMs) {
        var samples = new ArrayList<PerformanceSample>();
        for (int i = 0; i < n; i++) {
            double ms = medianMs * Math.exp(0.2 * RankTestsTest.gaussian(random));
            samples.add(new PerformanceSample("shop", "price", from.plusMillis(i * 100L),
                    Duration.ofNanos((long) (ms * 1e6)), true, null, Map.of(), -1, -1));
        }
        target.append(new SampleBatch(samples, new ProcessSnapshot(from, 1, -1, -1)));
    }

    private static void appendOperation(MetricsStore target, String operation, Instant from, int n, double ms) {
        var samples = new ArrayList<PerformanceSample>();
        for (int i = 0; i < n; i++) {
            samples.add(new PerformanceSample("shop", operation, from.plusMillis(i), Duration.ofNanos((long) (ms * 1e6)),
                    true, null, Map.of(), -1, -1));
        }
        target.append(new SampleBatch(samples, new ProcessSnapshot(from, 1, -1, -1)));
    }

    /** A real memory store whose metrics append waits at a gate, so the loop's event thread falls behind. */
    private static final class SlowMetricsStore extends ForwardingStore {
        private final CountDownLatch gate;
        private final CountDownLatch entered;

        SlowMetricsStore(Store delegate, CountDownLatch gate, CountDownLatch entered) {
            super(delegate);
            this.gate = gate;
            this.entered = entered;
        }

        @Override
        public MetricsStore metrics() {
            return new MetricsStore() {
                @Override
                public void append(SampleBatch batch) {
                    entered.countDown();
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    delegate().metrics().append(batch);
                }

                @Override
                public List<PerformanceSample> find(Instant from, Instant to, int limit) {
                    return delegate().metrics().find(from, to, limit);
                }
            };
        }
    }
}
