package dev.openevolve.store.jdbc;

import dev.openevolve.spi.MetricsStore;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.ProcessSnapshot;
import dev.openevolve.spi.SampleBatch;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Samples in {@code system_performance_metrics}. A batch is written by one statement in one
 * transaction, so it is stored whole or not at all: on PostgreSQL by {@code COPY ... FROM STDIN}
 * (text format) after the month partitions it needs were made sure of, on H2 by one JDBC batch.
 * Thread safe.
 */
final class JdbcMetricsStore implements MetricsStore {
    private static final String COLUMNS = "started_at, component, operation, duration_ns, success, error_message,"
            + " context, allocated_bytes, cpu_ns, heap_used_bytes, rss_bytes, process_cpu_percent";
    /** PostgreSQL's SQLSTATE when no partition accepts a row. */
    private static final String NO_PARTITION = "23514";
    private static final int COPY_CHUNK_CHARS = 1 << 16;

    private final Database db;
    private final MonthlyPartitions partitions;
    private final String copy;
    private final String insert;
    private final String find;

    JdbcMetricsStore(Database db) {
        this.db = db;
        Names n = db.names();
        this.partitions = new MonthlyPartitions(n);
        String table = n.table("system_performance_metrics");
        this.copy = "COPY " + table + " (" + COLUMNS + ") FROM STDIN";
        this.insert = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        this.find = "SELECT " + COLUMNS + " FROM " + table
                + " WHERE started_at >= :from AND started_at < :to ORDER BY started_at, id LIMIT :limit";
    }

    @Override
    public void append(SampleBatch batch) {
        Objects.requireNonNull(batch, "batch");
        String operation = "append a batch of " + batch.size() + " sample(s)";
        if (batch.isEmpty()) {
            db.ensureOpen(operation);
            return;
        }
        if (db.dialect() == Dialect.POSTGRESQL) {
            appendByCopy(operation, batch);
        } else {
            db.inTransaction(operation, h -> {
                insertBatch(h.getConnection(), batch);
                return null;
            });
        }
    }

    private void appendByCopy(String operation, SampleBatch batch) {
        List<Instant> starts = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            starts.add(batch.start(i));
        }
        for (int attempt = 1; ; attempt++) {
            Set<YearMonth> missing = partitions.missing(starts);
            if (!missing.isEmpty()) {
                db.inTransaction("create the monthly partitions " + missing + " of system_performance_metrics", h -> {
                    partitions.create(h, missing);
                    return null;
                });
                partitions.remember(missing);
            }
            try {
                db.inTransaction(operation, h -> {
                    copyBatch(h, batch);
                    return null;
                });
                return;
            } catch (RuntimeException e) {
                if (attempt == 1 && hasState(e, NO_PARTITION)) {
                    partitions.forget();
                    continue;
                }
                throw e;
            }
        }
    }

    private void copyBatch(Handle handle, SampleBatch batch) throws SQLException {
        CopyIn in = handle.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn(copy);
        try {
            ProcessSnapshot p = batch.process();
            String processColumns = p.heapUsedBytes() + "\t" + p.rssBytes() + "\t" + p.cpuPercent();
            CopyText text = new CopyText(COPY_CHUNK_CHARS + 4096);
            for (int i = 0; i < batch.size(); i++) {
                text.instant(batch.start(i)).tab()
                        .text(batch.component(i)).tab()
                        .text(batch.operation(i)).tab()
                        .number(batch.durationNanos(i)).tab()
                        .plain(batch.success(i) ? "t" : "f").tab()
                        .text(batch.errorMessage(i)).tab()
                        .text(db.json().writeStrings(batch.context(i))).tab()
                        .number(batch.allocatedBytes(i)).tab()
                        .number(batch.cpuNanos(i)).tab()
                        .plain(processColumns).endRow();
                if (text.length() >= COPY_CHUNK_CHARS) {
                    write(in, text);
                }
            }
            write(in, text);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    private static void write(CopyIn in, CopyText text) throws SQLException {
        byte[] bytes = text.drain().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            in.writeToCopy(bytes, 0, bytes.length);
        }
    }

    private void insertBatch(Connection connection, SampleBatch batch) throws SQLException {
        ProcessSnapshot p = batch.process();
        try (PreparedStatement ps = connection.prepareStatement(insert)) {
            for (int i = 0; i < batch.size(); i++) {
                ps.setObject(1, OffsetDateTime.ofInstant(Timestamps.micros(batch.start(i)), ZoneOffset.UTC));
                ps.setString(2, batch.component(i));
                ps.setString(3, batch.operation(i));
                ps.setLong(4, batch.durationNanos(i));
                ps.setBoolean(5, batch.success(i));
                if (batch.errorMessage(i) == null) {
                    ps.setNull(6, Types.VARCHAR);
                } else {
                    ps.setString(6, batch.errorMessage(i));
                }
                ps.setString(7, db.json().writeStrings(batch.context(i)));
                ps.setLong(8, batch.allocatedBytes(i));
                ps.setLong(9, batch.cpuNanos(i));
                ps.setLong(10, p.heapUsedBytes());
                ps.setLong(11, p.rssBytes());
                ps.setDouble(12, p.cpuPercent());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public List<PerformanceSample> find(Instant from, Instant to, int limit) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative but was " + limit);
        }
        db.ensureOpen("find samples");
        if (limit == 0 || !from.isBefore(to)) {
            return List.of();
        }
        return db.read("find samples from " + from + " to " + to, h -> h.createQuery(find)
                .bind("from", Timestamps.argument(from))
                .bind("to", Timestamps.argument(to))
                .bind("limit", limit)
                .map((rs, ctx) -> new PerformanceSample(rs.getString("component"), rs.getString("operation"),
                        Timestamps.read(rs, "started_at"), Duration.ofNanos(rs.getLong("duration_ns")),
                        rs.getBoolean("success"), rs.getString("error_message"),
                        db.json().strings(rs.getString("context")), rs.getLong("allocated_bytes"),
                        rs.getLong("cpu_ns")))
                .list());
    }

    private static boolean hasState(Throwable e, String state) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
