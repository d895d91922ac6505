package dev.openevolve.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.ProcessSnapshot;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.RunCheckpoint;
import dev.openevolve.spi.SampleBatch;
import dev.openevolve.spi.StoreException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The database going away under a running store: writes fail loudly, and work again when it is back. */
class DatabaseFaultTest {
    private static final Instant T0 = Instant.parse("2024-02-02T00:00:00Z");

    private static Program program(String id) {
        return new Program(id, "code of " + id, "python", null, 0, 1, 0, Map.of("combined_score", 1.0), Map.of(), "",
                T0);
    }

    private static SampleBatch batch(int size) {
        var samples = new java.util.ArrayList<PerformanceSample>();
        for (int i = 0; i < size; i++) {
            samples.add(new PerformanceSample("c", "op", T0.plusMillis(i), Duration.ofMillis(1), true, null, Map.of(),
                    -1, -1));
        }
        return new SampleBatch(samples, new ProcessSnapshot(T0, 1, 1, 1));
    }

    @Test
    void postgresGoingAwayMakesWritesThrowAndTheStoreRecoversWhenItIsBack() throws Exception {
        TestDatabase.requirePostgres();
        URI pg = URI.create(TestDatabase.PG_URL.substring("jdbc:".length()));
        try (var db = (TestDatabase.Postgres) TestDatabase.create("postgresql");
             var proxy = new TcpProxy(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort()).start()) {
            String viaProxy = "jdbc:postgresql://127.0.0.1:" + proxy.port() + pg.getPath();
            try (var store = JdbcStore.open(db.settings().with("url", viaProxy).with("connect_timeout_seconds", "1")
                    .with("pool_size", "2"))) {
                store.programs().save("run", program("before"));
                store.metrics().append(batch(10));

                proxy.stop();

                assertThatThrownBy(() -> store.programs().save("run", program("during")))
                        .isInstanceOf(StoreException.class)
                        .hasMessageContaining("cannot save program 'during' of run 'run'")
                        .hasMessageContaining(viaProxy);
                assertThatThrownBy(() -> store.programs().saveCheckpoint(new RunCheckpoint("run", 1, "{}", T0)))
                        .isInstanceOf(StoreException.class);
                assertThatThrownBy(() -> store.metrics().append(batch(10_000)))
                        .isInstanceOf(StoreException.class)
                        .hasMessageContaining("cannot append a batch of 10000 sample(s)");
                assertThatThrownBy(() -> store.programs().list("run")).isInstanceOf(StoreException.class);

                proxy.start();

                saveWhenTheDatabaseIsBack(store, program("after"));
                assertThat(store.programs().list("run")).extracting(Program::id).containsExactly("after", "before");
                assertThat(store.metrics().find(T0, T0.plusSeconds(3600), 100_000)).hasSize(10);
            }
        }
    }

    /** The pool reconnects in the background; give it a bounded number of tries. */
    private static void saveWhenTheDatabaseIsBack(JdbcStore store, Program program) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                store.programs().save("run", program);
                return;
            } catch (StoreException e) {
                if (attempt == 30) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    @Test
    void hostClosingItsDataSourceMakesEveryOperationThrow() {
        var config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:fault_" + UUID.randomUUID());
        config.setConnectionTimeout(1000);
        var hostPool = new HikariDataSource(config);
        var store = JdbcStore.open(hostPool, dev.openevolve.spi.Settings.empty());
        store.programs().save("run", program("before"));

        hostPool.close();

        assertThatThrownBy(() -> store.programs().save("run", program("after")))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("jdbc store at the host's H2 DataSource (default schema): "
                        + "cannot save program 'after' of run 'run': ");
        assertThatThrownBy(() -> store.metrics().append(batch(3))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.patterns().list()).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.suggestions().save(List.of(new dev.openevolve.spi.Suggestion("s", "t", "c", "d",
                0.1, 0.1, 1, null, dev.openevolve.spi.SuggestionStatus.PENDING, T0)))).isInstanceOf(StoreException.class);
        store.close();
    }
}
