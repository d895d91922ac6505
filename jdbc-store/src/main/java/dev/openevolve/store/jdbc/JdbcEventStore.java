package dev.openevolve.store.jdbc;

import dev.openevolve.spi.EventStore;
import dev.openevolve.spi.LoopEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The loop's event log in {@code loop_events}; the database's identity column gives the sequence. Thread safe. */
final class JdbcEventStore implements EventStore {
    private final Database db;
    private final String insert;
    private final String list;

    JdbcEventStore(Database db) {
        this.db = db;
        String table = db.names().table("loop_events");
        this.insert = "INSERT INTO " + table + " (occurred_at, event_type, data) VALUES (:at, :type, "
                + db.dialect().json(":data") + ")";
        this.list = "SELECT sequence_no, occurred_at, event_type, data FROM " + table
                + " WHERE sequence_no > :after ORDER BY sequence_no LIMIT :limit";
    }

    @Override
    public LoopEvent append(String type, Instant at, Map<String, String> data) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(data, "data");
        LoopEvent unnumbered = new LoopEvent(0, at, type, data);
        long sequence = db.inTransaction("append event " + type, h -> h.createUpdate(insert)
                .bind("at", Timestamps.argument(at)).bind("type", type)
                .bind("data", db.json().writeStrings(unnumbered.data()))
                .executeAndReturnGeneratedKeys("sequence_no").mapTo(Long.class).one());
        return new LoopEvent(sequence, Timestamps.micros(at), type, unnumbered.data());
    }

    @Override
    public List<LoopEvent> list(long afterSequence, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative but was " + limit);
        }
        if (limit == 0) {
            db.ensureOpen("list events");
            return List.of();
        }
        return db.read("list events", h -> h.createQuery(list).bind("after", afterSequence).bind("limit", limit)
                .map((rs, ctx) -> new LoopEvent(rs.getLong("sequence_no"), Timestamps.read(rs, "occurred_at"),
                        rs.getString("event_type"), db.json().strings(rs.getString("data"))))
                .list());
    }
}
