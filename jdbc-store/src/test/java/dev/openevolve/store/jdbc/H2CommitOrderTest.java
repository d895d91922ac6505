package dev.openevolve.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.spi.Program;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.api.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What keeps an embedded H2 database free of half-committed transactions after a crash: each commit is written
 * by the committing thread ({@code WRITE_DELAY=0}), and no two write transactions of one store run at once. Either
 * alone still lets H2 write a store of its maps while another transaction commits, which a kill -9 can leave as
 * rows that nothing rolls back and that lock their key for good.
 */
class H2CommitOrderTest {
    private static final int THREADS = 4;
    private static final int SAVES_PER_THREAD = 5;

    @TempDir
    Path dir;

    @Test
    void writeTransactionsOfOneStoreRunOneAtATime() throws Exception {
        try (var db = TestDatabase.create("h2"); var store = JdbcStore.open(db.settings())) {
            db.execute("CREATE TRIGGER overlap BEFORE INSERT, UPDATE ON openevolve_evaluations FOR EACH ROW CALL '"
                    + OverlapTrigger.class.getName() + "'");
            OverlapTrigger.reset();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                var saves = new ArrayList<Future<?>>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    saves.add(pool.submit(() -> {
                        for (int i = 0; i < SAVES_PER_THREAD; i++) {
                            store.programs().save("run", program("t" + thread + "-" + i));
                        }
                    }));
                }
                for (Future<?> save : saves) {
                    save.get();
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(store.programs().list("run")).hasSize(THREADS * SAVES_PER_THREAD);
            assertThat(OverlapTrigger.rows.get()).isEqualTo(THREADS * SAVES_PER_THREAD);
            assertThat(OverlapTrigger.mostAtOnce.get()).as("saves writing at the same time").isEqualTo(1);
        }
    }

    @Test
    void anEmbeddedUrlWithoutWriteDelayIsOpenedWritingEachCommit() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        try (var store = JdbcStore.open(Settings.of(Map.of("url", url)));
             Connection c = DriverManager.getConnection(url, "sa", "");
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("0");
            assertThat(store.toString()).contains(url + ";WRITE_DELAY=0");
        }
    }

    @Test
    void aWriteDelayOtherThanZeroOnAnEmbeddedDatabaseIsRefused() {
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";write_delay=500;PASSWORD=hunter2";

        assertThatThrownBy(() -> JdbcStore.open(Settings.of(Map.of("url", url))))
                .isInstanceOf(StoreException.class)
                .hasMessage("setting 'url' must leave WRITE_DELAY of an embedded H2 database at 0 (each commit written"
                        + " to the file before it returns) but was 'write_delay=500' in 'jdbc:h2:file:"
                        + dir.resolve("db") + ";write_delay=500;PASSWORD=****'");
        assertThat(Files.exists(dir.resolve("db.mv.db"))).as("nothing opened").isFalse();
    }

    @Test
    void onlyEmbeddedFileUrlsGetWriteDelayZero() {
        assertThat(StoreOptions.writingEachCommit("jdbc:h2:./data/x")).isEqualTo("jdbc:h2:./data/x;WRITE_DELAY=0");
        assertThat(StoreOptions.writingEachCommit("jdbc:h2:file:/x;LOCK_TIMEOUT=10000;"))
                .isEqualTo("jdbc:h2:file:/x;LOCK_TIMEOUT=10000;WRITE_DELAY=0");
        assertThat(StoreOptions.writingEachCommit("jdbc:h2:file:/x; Write_Delay = 0"))
                .isEqualTo("jdbc:h2:file:/x; Write_Delay = 0");
        for (String kept : List.of("jdbc:h2:mem:x", "jdbc:h2:MEM:x;LOCK_TIMEOUT=1", "jdbc:h2:tcp://db/x",
                "jdbc:h2:ssl://db/x;WRITE_DELAY=500")) {
            assertThat(StoreOptions.writingEachCommit(kept)).isEqualTo(kept);
        }
        assertThat(StoreOptions.parse(Settings.of(Map.of()), JdbcStore.DEFAULT_URL).url())
                .isEqualTo(JdbcStore.DEFAULT_URL);
    }

    private static Program program(String id) {
        return new Program(id, "x = 1", "python", null, 0, 1, 0, Map.of("combined_score", 0.5), Map.of(), "",
                Instant.parse("2024-01-01T00:00:00Z"));
    }

    /** Counts how many rows of {@code openevolve_evaluations} are being written at the same moment. */
    public static final class OverlapTrigger implements Trigger {
        static final AtomicInteger rows = new AtomicInteger();
        static final AtomicInteger mostAtOnce = new AtomicInteger();
        private static final AtomicInteger now = new AtomicInteger();

        static void reset() {
            rows.set(0);
            mostAtOnce.set(0);
            now.set(0);
        }

        @Override
        public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws java.sql.SQLException {
            rows.incrementAndGet();
            mostAtOnce.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(10);   // a window wide enough for any concurrent save to enter
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.sql.SQLException("interrupted", e);
            } finally {
                now.decrementAndGet();
            }
        }
    }
}
