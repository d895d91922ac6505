package dev.openevolve.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.ProcessSnapshot;
import dev.openevolve.spi.SampleBatch;
import dev.openevolve.spi.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricsWriteTest {
    private static final ProcessSnapshot PROCESS = new ProcessSnapshot(Instant.EPOCH, 1, 2, 3.5);

    private static PerformanceSample sample(Instant start, int i, long allocated) {
        return new PerformanceSample("comp-" + (i % 7), "op\t" + (i % 3), start, Duration.ofNanos(1000L * i),
                i % 5 != 0, i % 5 == 0 ? "failed\\N \"" + i + "\"\n" : null, Map.of("i", Integer.toString(i)),
                allocated, i);
    }

    private static SampleBatch batch(Instant first, int size, int badIndex) {
        var samples = new ArrayList<PerformanceSample>();
        for (int i = 0; i < size; i++) {
            samples.add(sample(first.plusMillis(i), i, i == badIndex ? -2 : 64L * i));
        }
        return new SampleBatch(samples, PROCESS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2-memory", "postgresql"})
    void aBatchWithOneRowTheDatabaseRejectsStoresNothing(String kind) {
        Instant t0 = Instant.parse("2025-06-30T23:59:00Z");
        try (var db = TestDatabase.create(kind); var store = JdbcStore.open(db.settings())) {
            assertThatThrownBy(() -> store.metrics().append(batch(t0, 5_000, 4_321)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("cannot append a batch of 5000 sample(s)");

            assertThat(store.metrics().find(t0.minusSeconds(60), t0.plusSeconds(3600), 10)).isEmpty();
            assertThat(db.count("SELECT COUNT(*) FROM system_performance_metrics")).isZero();

            store.metrics().append(batch(t0, 5_000, -1));
            assertThat(db.count("SELECT COUNT(*) FROM system_performance_metrics")).isEqualTo(5_000);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2-memory", "postgresql"})
    void aLargeBatchAcrossMonthsRoundTripsInOrder(String kind) {
        Instant t0 = Instant.parse("2025-12-31T23:59:50Z");
        SampleBatch batch = batch(t0, 20_000, -1);
        try (var db = TestDatabase.create(kind); var store = JdbcStore.open(db.settings())) {
            store.metrics().append(batch);

            List<PerformanceSample> found = store.metrics().find(t0, t0.plusSeconds(3600), 30_000);
            assertThat(found).containsExactlyElementsOf(batch.samples());
            assertThat(db.count("SELECT COUNT(*) FROM system_performance_metrics WHERE heap_used_bytes = 1"
                    + " AND rss_bytes = 2 AND process_cpu_percent = 3.5")).isEqualTo(20_000);
        }
    }

    @Test
    void monthlyPartitionsAreCreatedOnDemandOncePerMonth() {
        try (var db = (TestDatabase.Postgres) TestDatabase.create("postgresql");
             var store = JdbcStore.open(db.settings())) {
            store.metrics().append(batch(Instant.parse("2031-01-31T23:59:59.999Z"), 3, -1));
            store.metrics().append(batch(Instant.parse("2031-01-15T00:00:00Z"), 3, -1));
            store.metrics().append(batch(Instant.parse("1999-07-01T00:00:00Z"), 1, -1));

            assertThat(partitions(db)).containsExactly("system_performance_metrics_p1999_07",
                    "system_performance_metrics_p2031_01", "system_performance_metrics_p2031_02");
            assertThat(db.count("SELECT COUNT(*) FROM system_performance_metrics_p2031_02")).isEqualTo(2);
        }
    }

    @Test
    void aPartitionDroppedBehindTheStoresBackIsMadeAgain() {
        Instant t0 = Instant.parse("2032-03-10T00:00:00Z");
        try (var db = (TestDatabase.Postgres) TestDatabase.create("postgresql");
             var store = JdbcStore.open(db.settings())) {
            store.metrics().append(batch(t0, 2, -1));
            db.execute("DROP TABLE system_performance_metrics_p2032_03");

            store.metrics().append(batch(t0, 3, -1));

            assertThat(store.metrics().find(t0, t0.plusSeconds(60), 10)).hasSize(3);
        }
    }

    @Test
    void twoStoresMakingTheSameNewPartitionAtOnceBothSucceed() throws Exception {
        try (var db = (TestDatabase.Postgres) TestDatabase.create("postgresql");
             var a = JdbcStore.open(db.settings()); var b = JdbcStore.open(db.settings())) {
            var pool = Executors.newFixedThreadPool(4);
            try {
                var futures = new ArrayList<Future<?>>();
                for (int t = 0; t < 4; t++) {
                    var store = t % 2 == 0 ? a : b;
                    Instant start = Instant.parse("2033-0" + (1 + t / 2) + "-01T00:00:00Z");
                    futures.add(pool.submit((Callable<Void>) () -> {
                        store.metrics().append(batch(start, 100, -1));
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(db.count("SELECT COUNT(*) FROM system_performance_metrics")).isEqualTo(400);
            assertThat(partitions(db)).containsExactly("system_performance_metrics_p2033_01",
                    "system_performance_metrics_p2033_02");
        }
    }

    private static List<String> partitions(TestDatabase.Postgres db) {
        var names = new ArrayList<String>();
        try (var c = db.connect(); var rs = c.createStatement().executeQuery(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace"
                        + " WHERE p.relname = 'system_performance_metrics' AND n.nspname = '" + db.schema() + "'"
                        + " AND c.relkind IN ('r', 'p') ORDER BY c.relname")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }
}
