package dev.openevolve.store.jdbc;

import dev.openevolve.spi.AuditEntry;
import dev.openevolve.spi.AuditStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Audit entries in {@code openevolve_audit_log}, append only; each append is committed on return. Thread safe. */
final class JdbcAuditStore implements AuditStore {
    private final Database db;
    private final String insert;
    private final String find;

    JdbcAuditStore(Database db) {
        this.db = db;
        String table = db.names().table("openevolve_audit_log");
        this.insert = "INSERT INTO " + table + " (audited_at, actor, action, target, detail, origin)"
                + " VALUES (:at, :actor, :action, :target, :detail, :origin)";
        this.find = "SELECT audited_at, actor, action, target, detail, origin FROM " + table
                + " WHERE audited_at >= :from AND audited_at < :to ORDER BY audited_at, id LIMIT :limit";
    }

    @Override
    public void append(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        db.inTransaction("append an audit entry", h -> h.createUpdate(insert)
                .bind("at", Timestamps.argument(entry.at()))
                .bind("actor", entry.actor())
                .bind("action", entry.action())
                .bind("target", entry.target())
                .bind("detail", entry.detail())
                .bind("origin", entry.origin())
                .execute());
    }

    @Override
    public List<AuditEntry> find(Instant from, Instant to, int limit) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative but was " + limit);
        }
        if (limit == 0 || !from.isBefore(to)) {
            db.ensureOpen("find audit entries");
            return List.of();
        }
        return db.read("find audit entries", h -> h.createQuery(find)
                .bind("from", Timestamps.argument(from))
                .bind("to", Timestamps.argument(to))
                .bind("limit", limit)
                .map((rs, ctx) -> new AuditEntry(Timestamps.read(rs, "audited_at"), rs.getString("actor"),
                        rs.getString("action"), rs.getString("target"), rs.getString("detail"),
                        rs.getString("origin")))
                .list());
    }
}
