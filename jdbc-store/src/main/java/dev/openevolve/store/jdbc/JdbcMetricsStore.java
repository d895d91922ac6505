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
 * (text format) after the month partitions it needs were made sure of, on H2 by one JDBC batch of multi-row INSERTs.
 * Thread safe.
 */
final class JdbcMetricsStore implements MetricsStore {
    private static final String COLUMNS = "started_at, component, operation, duration_ns, success, error_message,"
            + " context, allocated_bytes, cpu_ns, heap_used_bytes, rss_bytes, process_cpu_percent";
    /** PostgreSQL's SQLSTATE when no partition accepts a row. */
    private static final String NO_PARTITION = "23514";
    private static final int COPY_CHUNK_CHARS = 1 << 16;
    /** Rows per INSERT statement on H2. */
    static final int ROWS_PER_INSERT = 64;
    /** Parameters per row. */
    private static final int PARAMETERS = 12;

    private final Database db;
    private final MonthlyPartitions partitions;
    private final String copy;
    private final String insert;
    private final String insertMany;
    private final String find;

    JdbcMetricsStore(Database db) {
        this.db = db;
        Names n = db.names();
        this.partitions = new MonthlyPartitions(n);
        String table = n.table("system_performance_metrics");
        this.copy = "COPY " + table + " (" + COLUMNS + ") FROM STDIN";
        String row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        this.insert = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES " + row;
        this.insertMany = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES "
                + String.join(", ", java.util.Collections.nCopies(ROWS_PER_INSERT, row));
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

    /**
     * Writes the batch on H2 as a JDBC batch of multi-row INSERTs of {@value #ROWS_PER_INSERT} rows, the rest as
     * single-row INSERTs: H2 executes each statement of a JDBC batch on its own, so rows per statement is what
     * saves the per-statement work.
     */
    private void insertBatch(Connection connection, SampleBatch batch) throws SQLException {
        ProcessSnapshot p = batch.process();
        int size = batch.size();
        int grouped = size - size % ROWS_PER_INSERT;
        if (grouped > 0) {
            try (PreparedStatement ps = connection.prepareStatement(insertMany)) {
                for (int first = 0; first < grouped; first += ROWS_PER_INSERT) {
                    for (int row = 0; row < ROWS_PER_INSERT; row++) {
                        bind(ps, row * PARAMETERS, batch, first + row, p);
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (grouped < size) {
            try (PreparedStatement ps = connection.prepareStatement(insert)) {
                for (int i = grouped; i < size; i++) {
                    bind(ps, 0, batch, i, p);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** Binds sample {@code i} to the parameters after {@code offset}. */
    private void bind(PreparedStatement ps, int offset, SampleBatch batch, int i, ProcessSnapshot p)
            throws SQLException {
        ps.setObject(offset + 1, OffsetDateTime.ofInstant(Timestamps.micros(batch.start(i)), ZoneOffset.UTC));
        ps.setString(offset + 2, batch.component(i));
        ps.setString(offset + 3, batch.operation(i));
        ps.setLong(offset + 4, batch.durationNanos(i));
        ps.setBoolean(offset + 5, batch.success(i));
        if (batch.errorMessage(i) == null) {
            ps.setNull(offset + 6, Types.VARCHAR);
        } else {
            ps.setString(offset + 6, batch.errorMessage(i));
        }
        ps.setString(offset + 7, db.json().writeStrings(batch.context(i)));
        ps.setLong(offset + 8, batch.allocatedBytes(i));
        ps.setLong(offset + 9, batch.cpuNanos(i));
        ps.setLong(offset + 10, p.heapUsedBytes());
        ps.setLong(offset + 11, p.rssBytes());
        ps.setDouble(offset + 12, p.cpuPercent());
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
