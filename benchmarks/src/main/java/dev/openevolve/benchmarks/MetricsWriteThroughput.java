package dev.openevolve.benchmarks;

import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.ProcessSnapshot;
import dev.openevolve.spi.SampleBatch;
import dev.openevolve.spi.Settings;
import dev.openevolve.store.jdbc.JdbcStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Measures how many sampled rows per second the jdbc store's {@code MetricsStore.append} writes
 * (COPY on PostgreSQL, JDBC batches on H2). A plain main rather than JMH: one append of a large
 * batch is the unit the sampler flushes, and the figure wanted is rows per second end to end.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.openevolve.benchmarks.MetricsWriteThroughput \
 *     [--url jdbc:postgresql://127.0.0.1:5432/test] [--user postgres] [--password ...] \
 *     [--schema NAME] [--rows 500000] [--batch 10000] [--keep]
 * </pre>
 *
 * Writes into a fresh schema ({@code oe_bench_...} unless {@code --schema}) and drops it afterwards
 * unless {@code --keep} (used by {@code benchmarks/psql-copy-baseline.sh} to {@code \copy} the very
 * same rows). Prints one line {@code rows=N batch=B seconds=S rows_per_second=R}.
 */
public final class MetricsWriteThroughput {

    private MetricsWriteThroughput() {
    }

    /** Runs the measurement; see the class comment for the options. */
    public static void main(String[] args) throws SQLException {
        Map<String, String> options = parse(args);
        String url = options.getOrDefault("url", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = options.getOrDefault("user", "postgres");
        String password = options.getOrDefault("password", "");
        String schema = options.getOrDefault("schema",
                "oe_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        int rows = Integer.parseInt(options.getOrDefault("rows", "500000"));
        int batchSize = Integer.parseInt(options.getOrDefault("batch", "10000"));
        boolean keep = options.containsKey("keep");

        var settings = new HashMap<String, String>(Map.of("url", url, "user", user, "schema", schema));
        if (!password.isEmpty()) {
            settings.put("password", password);
        }
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        try (var store = JdbcStore.open(Settings.of(settings))) {
            // warm-up: JIT, partition creation, pool; its rows are outside the measured month
            for (int i = 0; i < 5; i++) {
                store.metrics().append(batch(t0.minus(Duration.ofDays(40)), i * batchSize, batchSize));
            }
            List<SampleBatch> batches = new ArrayList<>();
            for (int written = 0; written < rows; written += batchSize) {
                batches.add(batch(t0, written, Math.min(batchSize, rows - written)));
            }
            long start = System.nanoTime();
            for (SampleBatch b : batches) {
                store.metrics().append(b);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "rows=%d batch=%d seconds=%.3f rows_per_second=%.0f schema=%s%n", rows,
                    batchSize, seconds, rows / seconds, schema);
        }
        if (keep) {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("DELETE FROM \"" + schema + "\".system_performance_metrics WHERE started_at < TIMESTAMP "
                        + "WITH TIME ZONE '2025-01-01 00:00:00+00'");
            }
        } else {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
            }
        }
    }

    /** Rows shaped like a sampler's: a few components and operations, some failures, a small context. */
    private static SampleBatch batch(Instant t0, int first, int size) {
        List<PerformanceSample> samples = new ArrayList<>(size);
        for (int i = first; i < first + size; i++) {
            boolean ok = i % 50 != 0;
            samples.add(new PerformanceSample("component-" + (i % 8), "operation-" + (i % 5), t0.plusNanos(i * 1_000L),
                    Duration.ofNanos(10_000L + (i * 7919L) % 2_000_000), ok, ok ? null : "timeout after 30s",
                    i % 4 == 0 ? Map.of("tenant", "t" + (i % 16)) : Map.of(), 4096L + i % 1000, 2_000L + i % 500));
        }
        return new SampleBatch(samples, new ProcessSnapshot(t0, 256L << 20, 512L << 20, 37.5));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option such as --rows but got '" + args[i] + "'");
            }
            String key = args[i].substring(2);
            if (key.equals("keep")) {
                options.put(key, "true");
            } else if (i + 1 < args.length) {
                options.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("option --" + key + " needs a value");
            }
        }
        return options;
    }
}
