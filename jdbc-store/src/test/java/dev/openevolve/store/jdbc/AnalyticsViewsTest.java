package dev.openevolve.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.ProcessSnapshot;
import dev.openevolve.spi.SampleBatch;
import dev.openevolve.spi.Suggestion;
import dev.openevolve.spi.SuggestionStatus;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnalyticsViewsTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2-memory", "postgresql"})
    void performanceSummaryAggregatesADayOfAnOperation(String kind) throws Exception {
        Instant day = Instant.parse("2024-05-06T00:00:00Z");
        var samples = new ArrayList<PerformanceSample>();
        for (int i = 1; i <= 100; i++) {
            samples.add(new PerformanceSample("checkout", "price", day.plusSeconds(i), Duration.ofMillis(i),
                    i > 10, i > 10 ? null : "boom", Map.of(), i <= 50 ? 1000 : -1, -1));
        }
        samples.add(new PerformanceSample("checkout", "price", day.minusSeconds(1), Duration.ofMillis(999), true,
                null, Map.of(), 0, 0));
        try (var db = TestDatabase.create(kind); var store = JdbcStore.open(db.settings())) {
            store.metrics().append(new SampleBatch(samples, new ProcessSnapshot(day, 1, 1, 1)));

            try (var c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT sample_count, failure_count, success_rate, avg_duration_ms, p50_duration_ms,"
                            + " p95_duration_ms, max_duration_ms, avg_allocated_bytes, avg_cpu_ms, first_seen"
                            + " FROM performance_summary WHERE component = 'checkout' AND operation = 'price'"
                            + " AND sample_day = DATE '2024-05-06'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong("sample_count")).isEqualTo(100);
                assertThat(rs.getLong("failure_count")).isEqualTo(10);
                assertThat(rs.getDouble("success_rate")).isCloseTo(0.9, within(1e-9));
                assertThat(rs.getDouble("avg_duration_ms")).isCloseTo(50.5, within(1e-9));
                assertThat(rs.getDouble("p50_duration_ms")).isCloseTo(50.5, within(1e-9));
                assertThat(rs.getDouble("p95_duration_ms")).isCloseTo(95.05, within(1e-9));
                assertThat(rs.getDouble("max_duration_ms")).isCloseTo(100, within(1e-9));
                assertThat(rs.getDouble("avg_allocated_bytes")).isCloseTo(1000, within(1e-9));
                rs.getDouble("avg_cpu_ms");
                assertThat(rs.wasNull()).isTrue();
                assertThat(Timestamps.read(rs, "first_seen")).isEqualTo(day.plusSeconds(1));
                assertThat(rs.next()).isFalse();
            }
            assertThat(db.count("SELECT COUNT(*) FROM performance_summary")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2-memory", "postgresql"})
    void topOpportunitiesRankOpenSuggestionsWithRecentEvidence(String kind) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var samples = new ArrayList<PerformanceSample>();
        for (int i = 0; i < 4; i++) {
            samples.add(new PerformanceSample("payments", "charge", now.minusSeconds(60 + i), Duration.ofMillis(10),
                    i != 0, i != 0 ? null : "declined", Map.of(), -1, -1));
        }
        samples.add(new PerformanceSample("payments", "charge", now.minus(Duration.ofDays(30)), Duration.ofSeconds(5),
                false, "old", Map.of(), -1, -1));
        try (var db = TestDatabase.create(kind); var store = JdbcStore.open(db.settings())) {
            store.metrics().append(new SampleBatch(samples, new ProcessSnapshot(now, 1, 1, 1)));
            store.suggestions().save(List.of(
                    suggestion("urgent-sure", "payments", 1, 0.9, 0.5, SuggestionStatus.PENDING, now),
                    suggestion("urgent-unsure", "search", 1, 0.2, 0.5, SuggestionStatus.APPROVED, now),
                    suggestion("later", "payments", 3, 1.0, 1.0, SuggestionStatus.PENDING, now),
                    suggestion("done", "payments", 1, 1.0, 1.0, SuggestionStatus.DEPLOYED, now),
                    suggestion("no", "payments", 1, 1.0, 1.0, SuggestionStatus.REJECTED, now)));

            var rows = new ArrayList<String>();
            try (var c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT opportunity_rank, suggestion_id, expected_value, recent_sample_count, recent_failure_rate"
                            + " FROM top_optimization_opportunities ORDER BY opportunity_rank")) {
                while (rs.next()) {
                    rows.add(rs.getLong(1) + " " + rs.getString(2) + " " + Math.round(rs.getDouble(3) * 100) + " "
                            + rs.getLong(4) + " " + Math.round(rs.getDouble(5) * 100));
                }
            }
            assertThat(rows).containsExactly("1 urgent-sure 45 4 25", "2 urgent-unsure 10 0 0", "3 later 100 4 25");
        }
    }

    private static Suggestion suggestion(String id, String component, int priority, double confidence,
                                         double improvement, SuggestionStatus status, Instant at) {
        return new Suggestion(id, "performance_optimization", component, "do " + id, improvement, confidence, priority,
                null, status, at);
    }
}
