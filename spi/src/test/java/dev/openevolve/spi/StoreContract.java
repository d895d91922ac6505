package dev.openevolve.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} must show, run against each implementation (memory, H2,
 * PostgreSQL). A subclass supplies a fresh, empty store per test through {@link #openStore()} and
 * may release what it made in {@link #cleanup()}.
 *
 * <p>Rules fixed here beyond the interfaces' Javadoc:
 * <ul>
 *   <li>instants are kept to at least microsecond precision: an instant with whole microseconds
 *       comes back equal, a finer one comes back less than a microsecond away;</li>
 *   <li>ties are broken by id: programs of one iteration by id, patterns of one confidence by id,
 *       suggestions of one priority and confidence by id; samples with the same start keep the
 *       order in which they were appended;</li>
 *   <li>suggestions are listed most urgent first: priority 1 before 2, then highest confidence;</li>
 *   <li>metrics {@code find} takes {@code [from, to)}, returns nothing when {@code from} is not
 *       before {@code to}, and rejects a negative limit;</li>
 *   <li>after {@link Store#close()} every operation throws {@link StoreException}; close is idempotent.</li>
 * </ul>
 */
public abstract class StoreContract {

    /** For the subclass that binds the contract to one store implementation. */
    protected StoreContract() {
    }

    /** Strings that break naive SQL, COPY, CSV or JSON encoders; none may alter what is stored. */
    protected static final List<String> HOSTILE = List.of(
            "'); DROP TABLE openevolve_evaluations; --",
            "\"; DELETE FROM learned_patterns WHERE 1=1; --",
            "Robert'); DROP TABLE x;--",
            "{\"json\": [1, 2, {\"nested\": \"va'lue\"}], \"q\": \"\\\"\"}",
            "back\\slash \\N \\. \\\\N end",
            "tab\there\nnew line\r\ncarriage,comma;semicolon",
            "unicode: żółć 日本語 עברית 🚀 \u200b zero-width",
            "$$ dollar $tag$ quoting $$",
            ":named ?positional ${placeholder} %s %n",
            "");

    private static final Instant T0 = Instant.parse("2024-03-15T10:15:30.123456Z");

    private Store store;

    /** A fresh, empty store; called before each test. */
    protected abstract Store openStore();

    /** Releases whatever {@link #openStore()} made (files, schemas); called after the store is closed. */
    protected void cleanup() {
    }

    @BeforeEach
    final void openFreshStore() {
        store = openStore();
    }

    @AfterEach
    final void closeAndCleanUp() {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            cleanup();
        }
    }

    /** The store under test. */
    protected final Store store() {
        return store;
    }

    // ----------------------------------------------------------------- values

    protected static Program program(String id, long iteration) {
        return new Program(id, "def f():\n    return " + iteration + "\n", "python", null, 0, iteration, 0,
                Map.of("combined_score", iteration / 10.0), Map.of(), "", T0.plusSeconds(iteration));
    }

    protected static Program fullProgram(String id, String text) {
        var metrics = new LinkedHashMap<String, Double>();
        metrics.put("combined_score", 0.8125);
        metrics.put("speed", 1234.5678e10);
        metrics.put("tiny", 4.9e-324);
        metrics.put("negative", -0.1);
        metrics.put(text.isEmpty() ? "empty-key-marker" : text, 42.0);
        var artifacts = new LinkedHashMap<String, String>();
        artifacts.put("stderr", "Traceback (most recent call last):\n  File \"x.py\"\t" + text);
        artifacts.put(text.isEmpty() ? "empty" : "k:" + text, text);
        return new Program(id, "# EVOLVE-BLOCK-START\n" + text + "\n# EVOLVE-BLOCK-END\n", "python",
                "parent-" + text, 3, 7, 2, metrics, artifacts, "changed: " + text, T0);
    }

    protected static PerformanceSample sample(String component, Instant start, long durationMicros) {
        return new PerformanceSample(component, "op", start, Duration.ofNanos(durationMicros * 1000), true, null,
                Map.of(), -1, -1);
    }

    protected static SampleBatch batch(PerformanceSample... samples) {
        return new SampleBatch(List.of(samples), new ProcessSnapshot(T0, 64L << 20, 128L << 20, 12.5));
    }

    protected static PerformancePattern pattern(String id, double confidence) {
        return new PerformancePattern(id, PatternType.PERFORMANCE_BOTTLENECK, "slow " + id, confidence, 0.3, 17,
                T0, List.of("checkout", "pricing"), Map.of("mean_ms", 12.5, "p95_ms", 40.0));
    }

    protected static Suggestion suggestion(String id, int priority, double confidence) {
        return new Suggestion(id, "performance_optimization", "checkout", "cache prices of " + id, 0.25,
                confidence, priority, "src/Checkout.java", SuggestionStatus.PENDING, T0);
    }

    private static void assertSameInstant(Instant actual, Instant expected) {
        assertThat(Duration.between(expected, actual).abs()).isLessThan(Duration.ofNanos(1000));
    }

    // ----------------------------------------------------------------- programs


    @Test
    void programsSavedProgramRoundTripsEveryField() {
        var p = fullProgram("p-1", "plain");
        store.programs().save("run-a", p);

        assertThat(store.programs().find("run-a", "p-1")).contains(p);
    }

    @Test
    void programsInitialProgramWithoutParentAndEmptyMapsRoundTrips() {
        var p = new Program("init", "", "java", null, 0, 0, 0, Map.of(), Map.of(), "", T0);
        store.programs().save("run-a", p);

        var found = store.programs().find("run-a", "init").orElseThrow();
        assertThat(found).isEqualTo(p);
        assertThat(found.parent()).isEmpty();
        assertThat(found.metrics()).isEmpty();
        assertThat(found.artifacts()).isEmpty();
    }

    @Test
    void programsNonFiniteMetricsRoundTrip() {
        var p = new Program("nf", "x", "python", null, 0, 1, 0,
                Map.of("nan", Double.NaN, "inf", Double.POSITIVE_INFINITY, "ninf", Double.NEGATIVE_INFINITY),
                Map.of(), "", T0);
        store.programs().save("run-a", p);

        assertThat(store.programs().find("run-a", "nf")).contains(p);
    }

    @Test
    void programsInstantsKeepMicrosecondsAndFinerOnesStayWithinOneMicrosecond() {
        var micros = program("micros", 1);
        var nanos = new Program("nanos", "x", "python", null, 0, 2, 0, Map.of(), Map.of(), "",
                Instant.parse("2024-03-15T10:15:30.123456789Z"));
        store.programs().save("run-a", micros);
        store.programs().save("run-a", nanos);

        assertThat(store.programs().find("run-a", "micros").orElseThrow().createdAt())
                .isEqualTo(micros.createdAt());
        assertSameInstant(store.programs().find("run-a", "nanos").orElseThrow().createdAt(), nanos.createdAt());
    }

    @Test
    void programsFindOfUnknownProgramOrRunIsEmpty() {
        store.programs().save("run-a", program("p", 1));

        assertThat(store.programs().find("run-a", "other")).isEmpty();
        assertThat(store.programs().find("run-b", "p")).isEmpty();
        assertThat(store.programs().list("run-b")).isEmpty();
    }

    @Test
    void programsSavingAnIdTwiceKeepsOneRowWithTheNewerContent() {
        store.programs().save("run-a", program("p", 1));
        var replacement = fullProgram("p", "second version");
        store.programs().save("run-a", replacement);

        assertThat(store.programs().list("run-a")).containsExactly(replacement);
        assertThat(store.programs().find("run-a", "p")).contains(replacement);
    }

    @Test
    void programsListIsOrderedByIterationThenId() {
        store.programs().save("run-a", program("b", 2));
        store.programs().save("run-a", program("z", 0));
        store.programs().save("run-a", program("a", 2));
        store.programs().save("run-a", program("c", 1));
        store.programs().save("run-a", program("a10", 10));
        store.programs().save("run-a", program("a9", 9));

        assertThat(store.programs().list("run-a")).extracting(Program::id)
                .containsExactly("z", "c", "a", "b", "a9", "a10");
    }

    @Test
    void programsRunsAreIsolatedEvenForTheSameProgramId() {
        var inA = program("same", 1);
        var inB = fullProgram("same", "other run");
        store.programs().save("run-a", inA);
        store.programs().save("run-b", inB);

        assertThat(store.programs().find("run-a", "same")).contains(inA);
        assertThat(store.programs().find("run-b", "same")).contains(inB);
        assertThat(store.programs().list("run-a")).containsExactly(inA);
        assertThat(store.programs().list("run-b")).containsExactly(inB);
    }

    @Test
    void programsHostileStringsInIdsCodeAndMapsAreStoredVerbatim() {
        var saved = new ArrayList<Program>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String text = HOSTILE.get(i);
            String id = "id-" + i + "-" + text;
            var p = fullProgram(id, text);
            store.programs().save(text.isEmpty() ? "run-empty-text" : text, p);
            saved.add(p);
        }
        for (int i = 0; i < HOSTILE.size(); i++) {
            String text = HOSTILE.get(i);
            String run = text.isEmpty() ? "run-empty-text" : text;
            assertThat(store.programs().find(run, saved.get(i).id())).contains(saved.get(i));
            assertThat(store.programs().list(run)).containsExactly(saved.get(i));
        }
    }

    @Test
    void programsCheckpointLatestIsTheHighestIterationOfTheRun() {
        store.programs().saveCheckpoint(new RunCheckpoint("run-a", 5, "{\"i\":5}", T0));
        store.programs().saveCheckpoint(new RunCheckpoint("run-a", 12, "{\"i\":12}", T0.plusSeconds(2)));
        store.programs().saveCheckpoint(new RunCheckpoint("run-a", 9, "{\"i\":9}", T0.plusSeconds(3)));

        assertThat(store.programs().latestCheckpoint("run-a"))
                .contains(new RunCheckpoint("run-a", 12, "{\"i\":12}", T0.plusSeconds(2)));
    }

    @Test
    void programsCheckpointOfTheSameIterationIsReplaced() {
        store.programs().saveCheckpoint(new RunCheckpoint("run-a", 3, "{\"v\":1}", T0));
        var newer = new RunCheckpoint("run-a", 3, "{\"v\":2}", T0.plusMillis(1));
        store.programs().saveCheckpoint(newer);

        assertThat(store.programs().latestCheckpoint("run-a")).contains(newer);
    }

    @Test
    void programsCheckpointStateIsKeptVerbatimAndRunsAreIsolated() {
        String state = "{ \"b\" : 1,\n  \"a\":[ 2 ,3 ], \"s\": \"'); DROP TABLE evolution_checkpoints; --\" }  ";
        store.programs().saveCheckpoint(new RunCheckpoint("run-a", 1, state, T0));
        store.programs().saveCheckpoint(new RunCheckpoint("run-b", 100, "{}", T0));

        assertThat(store.programs().latestCheckpoint("run-a").orElseThrow().state()).isEqualTo(state);
        assertThat(store.programs().latestCheckpoint("run-b").orElseThrow().iteration()).isEqualTo(100);
        assertThat(store.programs().latestCheckpoint("run-c")).isEmpty();
    }

    // ----------------------------------------------------------------- metrics


    @Test
    void metricsAppendedSampleRoundTripsEveryField() {
        var ok = new PerformanceSample("checkout", "price", T0, Duration.ofNanos(1_234_567), true, null,
                Map.of("user", "u-1", "region", "eu"), 4096, 987_654);
        var failed = new PerformanceSample("checkout", "pay", T0.plusMillis(5), Duration.ZERO, false,
                "timeout after 30s", Map.of(), -1, -1);
        var emptyError = new PerformanceSample("checkout", "refund", T0.plusMillis(6), Duration.ofSeconds(3),
                false, "", Map.of("", ""), 0, 0);
        store.metrics().append(batch(ok, failed, emptyError));

        assertThat(store.metrics().find(T0, T0.plusSeconds(1), 10)).containsExactly(ok, failed, emptyError);
    }

    @Test
    void metricsFindReturnsTheHalfOpenRangeOldestFirst() {
        var s0 = sample("a", T0, 1);
        var s1 = sample("b", T0.plusSeconds(1), 2);
        var s2 = sample("c", T0.plusSeconds(2), 3);
        var s3 = sample("d", T0.plusSeconds(3), 4);
        store.metrics().append(batch(s2, s0));
        store.metrics().append(batch(s3, s1));

        assertThat(store.metrics().find(T0.plusSeconds(1), T0.plusSeconds(3), 100)).containsExactly(s1, s2);
        assertThat(store.metrics().find(T0, T0.plusSeconds(10), 100)).containsExactly(s0, s1, s2, s3);
        assertThat(store.metrics().find(T0.plusSeconds(3), T0.plusSeconds(3), 100)).isEmpty();
        assertThat(store.metrics().find(T0.plusSeconds(3), T0, 100)).isEmpty();
    }

    @Test
    void metricsFindHonoursTheLimitKeepingTheOldest() {
        var samples = IntStream.range(0, 20)
                .mapToObj(i -> sample("c" + i, T0.plusMillis(i), i))
                .toArray(PerformanceSample[]::new);
        store.metrics().append(batch(samples));

        assertThat(store.metrics().find(T0, T0.plusSeconds(1), 5)).containsExactly(
                samples[0], samples[1], samples[2], samples[3], samples[4]);
        assertThat(store.metrics().find(T0, T0.plusSeconds(1), 0)).isEmpty();
        assertThatThrownBy(() -> store.metrics().find(T0, T0.plusSeconds(1), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void metricsSamplesWithTheSameStartKeepTheirAppendOrder() {
        var first = sample("first", T0, 1);
        var second = sample("second", T0, 2);
        var third = sample("third", T0, 3);
        store.metrics().append(batch(first, second, third));

        assertThat(store.metrics().find(T0, T0.plusSeconds(1), 10)).containsExactly(first, second, third);
    }

    @Test
    void metricsSamplesAcrossMonthsAndYearsAreAllStored() {
        var jan = sample("jan", Instant.parse("2023-01-31T23:59:59.999999Z"), 1);
        var feb = sample("feb", Instant.parse("2023-02-01T00:00:00Z"), 1);
        var dec = sample("dec", Instant.parse("1999-12-31T23:00:00Z"), 1);
        var future = sample("future", Instant.parse("2091-07-04T12:00:00Z"), 1);
        store.metrics().append(batch(jan, feb, dec, future));

        assertThat(store.metrics().find(Instant.parse("1990-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"),
                10)).containsExactly(dec, jan, feb, future);
    }

    @Test
    void metricsEmptyBatchIsAccepted() {
        assertThatCode(() -> store.metrics().append(batch())).doesNotThrowAnyException();
        assertThat(store.metrics().find(Instant.EPOCH, T0.plusSeconds(1), 10)).isEmpty();
    }

    @Test
    void metricsHostileStringsInNamesErrorsAndContextAreStoredVerbatim() {
        var samples = new ArrayList<PerformanceSample>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String text = HOSTILE.get(i);
            var context = new HashMap<String, String>();
            context.put("k" + i, text);
            context.put(text, "v" + i);
            samples.add(new PerformanceSample(text, text, T0.plusMillis(i), Duration.ofNanos(i), i % 2 == 0,
                    text, context, i, i));
        }
        store.metrics().append(new SampleBatch(samples, new ProcessSnapshot(T0, 1, 2, 3)));

        assertThat(store.metrics().find(T0, T0.plusSeconds(1), 100)).containsExactlyElementsOf(samples);
    }

    @Test
    void metricsFinerThanMicrosecondStartsStayWithinOneMicrosecond() {
        var s = sample("nanos", Instant.parse("2024-03-15T10:15:30.123456789Z"), 5);
        store.metrics().append(batch(s));

        var found = store.metrics().find(T0, T0.plusSeconds(1), 1);
        assertThat(found).hasSize(1);
        assertSameInstant(found.get(0).start(), s.start());
        assertThat(found.get(0).duration()).isEqualTo(s.duration());
    }

    // ----------------------------------------------------------------- patterns


    @Test
    void patternsSavedPatternRoundTripsEveryField() {
        var p = new PerformancePattern("pat-1", PatternType.BIMODAL_DURATION, "two modes", 0.75, 0.5, 1_000_000L,
                T0, List.of("z-last", "a-first", "m-middle"), Map.of("mean_ms", 1.5, "p95_ms", 9.25,
                "success_rate", 1.0));
        store.patterns().save(List.of(p));

        assertThat(store.patterns().list()).containsExactly(p);
    }

    @Test
    void patternsEveryPatternTypeRoundTrips() {
        var all = new ArrayList<PerformancePattern>();
        for (PatternType type : PatternType.values()) {
            all.add(new PerformancePattern("t-" + type.ordinal(), type, type.name(), 0.1 * (type.ordinal() + 1), 0,
                    0, T0, List.of(), Map.of()));
        }
        store.patterns().save(all);

        assertThat(store.patterns().list()).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void patternsListIsHighestConfidenceFirstThenId() {
        store.patterns().save(List.of(pattern("b", 0.5), pattern("c", 0.9), pattern("a", 0.5), pattern("d", 0.1)));

        assertThat(store.patterns().list()).extracting(PerformancePattern::id).containsExactly("c", "a", "b", "d");
    }

    @Test
    void patternsSavingAnIdAgainReplacesIt() {
        store.patterns().save(List.of(pattern("p", 0.2), pattern("q", 0.3)));
        var replacement = new PerformancePattern("p", PatternType.FAILURE_CLUSTER, "now failing", 0.95, 0.9, 3,
                T0.plusSeconds(60), List.of("payments"), Map.of("success_rate", 0.25));
        store.patterns().save(List.of(replacement));

        assertThat(store.patterns().list()).containsExactly(replacement, pattern("q", 0.3));
    }

    @Test
    void patternsSavingTheSameIdTwiceInOneCallKeepsTheLast() {
        var last = pattern("dup", 0.7);
        store.patterns().save(List.of(pattern("dup", 0.1), last));

        assertThat(store.patterns().list()).containsExactly(last);
    }

    @Test
    void patternsEmptySaveStoresNothing() {
        store.patterns().save(List.of());

        assertThat(store.patterns().list()).isEmpty();
    }

    @Test
    void patternsHostileStringsInIdsDescriptionsComponentsAndStatisticsAreStoredVerbatim() {
        var saved = new ArrayList<PerformancePattern>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String text = HOSTILE.get(i);
            var stats = new HashMap<String, Double>();
            stats.put(text, (double) i);
            saved.add(new PerformancePattern("pat-" + i + text, PatternType.COMPONENT_OUTLIER, text,
                    i / 100.0, 0.5, i, T0, List.of(text, "after-" + text), stats));
        }
        store.patterns().save(saved);

        assertThat(store.patterns().list()).containsExactlyInAnyOrderElementsOf(saved);
    }

    // ----------------------------------------------------------------- suggestions


    @Test
    void suggestionsSavedSuggestionRoundTripsEveryField() {
        var withTarget = suggestion("s-1", 2, 0.6);
        var withoutTarget = new Suggestion("s-2", "reliability", "payments", "retry idempotent calls", 1.0, 0.0, 7,
                null, SuggestionStatus.ROLLED_BACK, T0.plusSeconds(1));
        store.suggestions().save(List.of(withTarget, withoutTarget));

        assertThat(store.suggestions().list()).containsExactly(withTarget, withoutTarget);
        assertThat(store.suggestions().list().get(1).target()).isEmpty();
    }

    @Test
    void suggestionsEveryStatusRoundTrips() {
        var all = new ArrayList<Suggestion>();
        for (SuggestionStatus status : SuggestionStatus.values()) {
            all.add(suggestion("st-" + status.ordinal(), 1 + status.ordinal(), 0.5).withStatus(status));
        }
        store.suggestions().save(all);

        assertThat(store.suggestions().list()).containsExactlyElementsOf(all);
    }

    @Test
    void suggestionsListIsMostUrgentPriorityFirstThenHighestConfidenceThenId() {
        store.suggestions().save(List.of(
                suggestion("low-prio", 3, 0.99),
                suggestion("b", 1, 0.5),
                suggestion("a", 1, 0.5),
                suggestion("sure", 1, 0.9),
                suggestion("mid", 2, 0.1)));

        assertThat(store.suggestions().list()).extracting(Suggestion::id)
                .containsExactly("sure", "a", "b", "mid", "low-prio");
    }

    @Test
    void suggestionsSavingAnIdAgainReplacesIt() {
        var original = suggestion("s", 2, 0.4);
        store.suggestions().save(List.of(original));
        store.suggestions().save(List.of(original.withStatus(SuggestionStatus.DEPLOYED)));

        assertThat(store.suggestions().list()).containsExactly(original.withStatus(SuggestionStatus.DEPLOYED));
    }

    @Test
    void suggestionsHostileStringsInEveryTextFieldAreStoredVerbatim() {
        var saved = new ArrayList<Suggestion>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String text = HOSTILE.get(i);
            saved.add(new Suggestion("sg-" + i + text, text, text, text, 0.5, 0.5, 1 + i,
                    text, SuggestionStatus.APPROVED, T0));
        }
        store.suggestions().save(saved);

        assertThat(store.suggestions().list()).containsExactlyElementsOf(saved);
    }

    @Test
    void suggestionsTargetOperationRoundTripsAndIsAbsentForWholeComponents() {
        var withOperation = new Suggestion("op", "performance_optimization", "checkout", "speed up price", 0.3, 0.9,
                1, "checkout", SuggestionStatus.PENDING, T0, "price");
        var whole = suggestion("whole", 2, 0.9);
        store.suggestions().save(List.of(withOperation, whole));

        assertThat(store.suggestions().find("op")).contains(withOperation);
        assertThat(store.suggestions().find("op").orElseThrow().operation()).contains("price");
        assertThat(store.suggestions().find("whole").orElseThrow().operation()).isEmpty();
        assertThat(store.suggestions().find("missing")).isEmpty();
    }

    @Test
    void suggestionsInsertNewKeepsTheStatusOfStoredOnes() {
        var first = suggestion("s", 1, 0.5);
        store.suggestions().save(List.of(first.withStatus(SuggestionStatus.APPROVED)));

        var inserted = store.suggestions().insertNew(List.of(first, suggestion("t", 2, 0.5), suggestion("t", 2, 0.5)));

        assertThat(inserted).extracting(Suggestion::id).containsExactly("t");
        assertThat(store.suggestions().find("s").orElseThrow().status()).isEqualTo(SuggestionStatus.APPROVED);
        assertThat(store.suggestions().find("t").orElseThrow().status()).isEqualTo(SuggestionStatus.PENDING);
        assertThat(store.suggestions().insertNew(List.of())).isEmpty();
    }

    @Test
    void suggestionsTransitionMovesTheStatusAndRecordsWhoWhenWhyAndEvidence() {
        store.suggestions().save(List.of(suggestion("s", 1, 0.5)));
        var approve = new SuggestionDecision("s", SuggestionStatus.PENDING, SuggestionStatus.APPROVED, "alice",
                T0.plusSeconds(1), "looks right", Map.of());
        var evidence = new LinkedHashMap<String, String>();
        evidence.put("latency_p_value", "0.000123");
        evidence.put("note", HOSTILE.get(3));
        var deploy = new SuggestionDecision("s", SuggestionStatus.APPROVED, SuggestionStatus.DEPLOYED, "ci",
                T0.plusSeconds(2), HOSTILE.get(0), evidence);

        assertThat(store.suggestions().transition(approve)).isTrue();
        assertThat(store.suggestions().transition(deploy)).isTrue();

        assertThat(store.suggestions().find("s").orElseThrow().status()).isEqualTo(SuggestionStatus.DEPLOYED);
        assertThat(store.suggestions().history("s")).containsExactly(approve, deploy);
        assertThat(store.suggestions().history("other")).isEmpty();
    }

    @Test
    void suggestionsTransitionFromAStaleStatusOrOfAnUnknownIdChangesNothing() {
        store.suggestions().save(List.of(suggestion("s", 1, 0.5)));
        var stale = new SuggestionDecision("s", SuggestionStatus.APPROVED, SuggestionStatus.DEPLOYED, "bob", T0, "",
                Map.of());
        var unknown = new SuggestionDecision("nope", SuggestionStatus.PENDING, SuggestionStatus.APPROVED, "bob", T0,
                "", Map.of());

        assertThat(store.suggestions().transition(stale)).isFalse();
        assertThat(store.suggestions().transition(unknown)).isFalse();
        assertThat(store.suggestions().find("s").orElseThrow().status()).isEqualTo(SuggestionStatus.PENDING);
        assertThat(store.suggestions().history("s")).isEmpty();
    }

    @Test
    void suggestionsConcurrentTransitionsFromOneStatusLetExactlyOneWin() throws Exception {
        store.suggestions().save(List.of(suggestion("s", 1, 0.5)));
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String actor = "actor-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return store.suggestions().transition(new SuggestionDecision("s", SuggestionStatus.PENDING,
                            SuggestionStatus.APPROVED, actor, T0, "", Map.of()));
                }));
            }
            start.countDown();
            int wins = 0;
            for (Future<Boolean> f : results) {
                wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
            assertThat(store.suggestions().history("s")).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void patternsOperationsRoundTrip() {
        var p = new PerformancePattern("ops", PatternType.PERFORMANCE_BOTTLENECK, "slow", 0.9, 0.5, 3, T0,
                List.of("checkout"), Map.of("mean_ms", 1.0), List.of("checkout/price", "checkout/" + HOSTILE.get(0)));
        store.patterns().save(List.of(p));

        assertThat(store.patterns().list()).containsExactly(p);
    }

    // ----------------------------------------------------------------- events

    @Test
    void eventsGetIncreasingSequenceNumbersAndListAfterASequence() {
        var first = store.events().append("deployment_complete", T0, Map.of("suggestion", "s-1"));
        var second = store.events().append("suggestion_approved", T0.plusSeconds(1),
                Map.of("actor", HOSTILE.get(1), "reason", HOSTILE.get(5)));
        var third = store.events().append("flag_changed", T0.plusSeconds(2), Map.of());

        assertThat(second.sequence()).isGreaterThan(first.sequence());
        assertThat(third.sequence()).isGreaterThan(second.sequence());
        assertThat(store.events().list(0, 10)).containsExactly(first, second, third);
        assertThat(store.events().list(first.sequence(), 10)).containsExactly(second, third);
        assertThat(store.events().list(0, 1)).containsExactly(first);
        assertThat(store.events().list(third.sequence(), 10)).isEmpty();
        assertThat(store.events().list(0, 0)).isEmpty();
        assertThatThrownBy(() -> store.events().list(0, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
    }

    // ----------------------------------------------------------------- rollout

    @Test
    void rolloutConfigVersionsAreNumberedFromOneAndKeptVerbatim() {
        var v1 = store.rollout().saveConfig("phase=2\n", "alice", "start", T0);
        var v2 = store.rollout().saveConfig(HOSTILE.get(4), "bob", HOSTILE.get(2), T0.plusSeconds(1));

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(store.rollout().configVersions()).containsExactly(v1, v2);
        assertThat(store.rollout().configVersion(2)).contains(v2);
        assertThat(store.rollout().configVersion(3)).isEmpty();
        assertThat(store.rollout().configVersion(0)).isEmpty();
    }

    @Test
    void rolloutFlagsAreReplacedByName() {
        assertThat(store.rollout().flags()).isEmpty();
        store.rollout().setFlag(new FeatureFlag("evolution", false, "alice", T0));
        store.rollout().setFlag(new FeatureFlag("analysis", true, "bob", T0));
        var back = new FeatureFlag("evolution", true, "carol", T0.plusSeconds(5));
        store.rollout().setFlag(back);

        assertThat(store.rollout().flags()).containsOnly(Map.entry("evolution", back),
                Map.entry("analysis", new FeatureFlag("analysis", true, "bob", T0)));
    }


    // ----------------------------------------------------------------- store-wide

    // ----------------------------------------------------------------- audit

    protected static AuditEntry audit(String action, Instant at) {
        return new AuditEntry(at, "ops-token", action, "s-1", "status PENDING -> APPROVED", "127.0.0.1");
    }

    @Test
    void auditAppendedEntryRoundTripsEveryField() {
        var entry = new AuditEntry(T0, "alice", "suggestion.approve", "sug-42", "PENDING -> APPROVED",
                "2001:db8::1");
        var empty = new AuditEntry(T0.plusMillis(1), "bob", "flag.set", "", "", "");
        store.audit().append(entry);
        store.audit().append(empty);

        assertThat(store.audit().find(T0, T0.plusSeconds(1), 10)).containsExactly(entry, empty);
    }

    @Test
    void auditFindIsTheHalfOpenRangeOldestFirstWithTiesInAppendOrder() {
        var late = audit("late", T0.plusSeconds(2));
        var first = audit("first", T0);
        var second = audit("second", T0);
        var middle = audit("middle", T0.plusSeconds(1));
        store.audit().append(late);
        store.audit().append(first);
        store.audit().append(second);
        store.audit().append(middle);

        assertThat(store.audit().find(T0, T0.plusSeconds(10), 10)).containsExactly(first, second, middle, late);
        assertThat(store.audit().find(T0.plusSeconds(1), T0.plusSeconds(2), 10)).containsExactly(middle);
        assertThat(store.audit().find(T0, T0.plusSeconds(10), 2)).containsExactly(first, second);
        assertThat(store.audit().find(T0.plusSeconds(2), T0, 10)).isEmpty();
        assertThat(store.audit().find(T0, T0.plusSeconds(10), 0)).isEmpty();
        assertThatThrownBy(() -> store.audit().find(T0, T0.plusSeconds(1), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }

    @Test
    void auditHostileStringsAreStoredVerbatim() {
        var entries = new ArrayList<AuditEntry>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String text = HOSTILE.get(i);
            var e = new AuditEntry(T0.plusMillis(i), "actor " + text, "action " + text, text, text, text);
            store.audit().append(e);
            entries.add(e);
        }

        assertThat(store.audit().find(T0, T0.plusSeconds(1), 100)).containsExactlyElementsOf(entries);
    }

    @Test
    void auditNullEntryIsRejectedNamingTheParameter() {
        assertThatThrownBy(() -> store.audit().append(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("entry");
        assertThatThrownBy(() -> store.audit().find(null, T0, 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("from");
    }

    @Test
    void concurrentSavesFromManyThreadsAreAllKept() throws Exception {
        int threads = 6;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        var start = new CountDownLatch(1);
        try {
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        String id = "t" + thread + "-" + i;
                        store.programs().save("run-concurrent", program(id, i));
                        store.programs().save("run-concurrent", program(id, i));
                        store.metrics().append(batch(sample(id, T0.plusMillis(thread * 1000L + i), i)));
                        store.patterns().save(List.of(pattern(id, 0.5)));
                        store.suggestions().save(List.of(suggestion(id, 1 + i, 0.5)));
                        store.programs().saveCheckpoint(new RunCheckpoint("run-concurrent", i, "{}", T0));
                        store.audit().append(audit(id, T0.plusMillis(i)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int total = threads * perThread;

        var programs = store.programs().list("run-concurrent");
        assertThat(programs).hasSize(total);
        Set<String> ids = new HashSet<>();
        programs.forEach(p -> ids.add(p.id()));
        assertThat(ids).hasSize(total);
        assertThat(store.metrics().find(T0, T0.plusSeconds(3600), 10 * total)).hasSize(total);
        assertThat(store.patterns().list()).hasSize(total);
        assertThat(store.suggestions().list()).hasSize(total);
        assertThat(store.audit().find(T0, T0.plusSeconds(3600), 10 * total)).hasSize(total);
        assertThat(store.programs().latestCheckpoint("run-concurrent").orElseThrow().iteration())
                .isEqualTo(perThread - 1);
    }

    @Test
    void closeIsIdempotentAndLaterOperationsThrowStoreException() {
        store.programs().save("run-a", program("p", 1));
        store.close();

        assertThatCode(store::close).doesNotThrowAnyException();
        assertThatThrownBy(() -> store.programs().save("run-a", program("q", 2))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.programs().list("run-a")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.metrics().append(batch(sample("x", T0, 1))))
                .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.patterns().list()).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.suggestions().save(List.of(suggestion("s", 1, 0.5))))
                .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.events().append("x", T0, Map.of())).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.rollout().flags()).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.audit().append(audit("after-close", T0)))
                .isInstanceOf(StoreException.class);
    }

    @Test
    void nullArgumentsAreRejectedNamingTheParameter() {
        assertThatThrownBy(() -> store.programs().save(null, program("p", 1)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("runId");
        assertThatThrownBy(() -> store.programs().save("run-a", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("program");
        assertThatThrownBy(() -> store.metrics().append(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("batch");
        assertThatThrownBy(() -> store.metrics().find(null, T0, 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("from");
        assertThatThrownBy(() -> store.patterns().save(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("patterns");
        assertThatThrownBy(() -> store.suggestions().save(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("suggestions");
        assertThatThrownBy(() -> store.suggestions().transition(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("decision");
        assertThatThrownBy(() -> store.events().append(null, T0, Map.of()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("type");
        assertThatThrownBy(() -> store.rollout().setFlag(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("flag");
    }
}
