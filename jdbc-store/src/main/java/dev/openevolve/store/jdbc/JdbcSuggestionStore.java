package dev.openevolve.store.jdbc;

import dev.openevolve.spi.Suggestion;
import dev.openevolve.spi.SuggestionDecision;
import dev.openevolve.spi.SuggestionStatus;
import dev.openevolve.spi.SuggestionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Suggestions in {@code optimization_suggestions} and their decisions in {@code suggestion_history}; a save of
 * several, and a transition with its history entry, is one transaction. Thread safe.
 */
final class JdbcSuggestionStore implements SuggestionStore {
    private static final List<String> COLUMNS = List.of("suggestion_id", "suggestion_type", "target_component",
            "description", "expected_improvement", "confidence", "priority", "evolution_target", "status",
            "created_at", "target_operation");

    private final Database db;
    private final String upsert;
    private final String insert;
    private final String list;
    private final String find;
    private final String move;
    private final String record;
    private final String history;

    JdbcSuggestionStore(Database db) {
        this.db = db;
        Names n = db.names();
        String table = n.table("optimization_suggestions");
        this.upsert = db.dialect().upsert(table, List.of("suggestion_id"), COLUMNS, Set.of(), "updated_at");
        this.insert = "INSERT INTO " + table + " (" + String.join(", ", COLUMNS) + ") VALUES ("
                + String.join(", ", COLUMNS.stream().map(c -> ":" + c).toList()) + ")"
                + (db.dialect() == Dialect.POSTGRESQL ? " ON CONFLICT (suggestion_id) DO NOTHING" : "");
        String select = "SELECT " + String.join(", ", COLUMNS) + " FROM " + table;
        this.list = select + " ORDER BY priority, confidence DESC, " + db.dialect().binaryOrder("suggestion_id");
        this.find = select + " WHERE suggestion_id = :id";
        this.move = "UPDATE " + table + " SET status = :to, updated_at = CURRENT_TIMESTAMP"
                + " WHERE suggestion_id = :id AND status = :from";
        this.record = "INSERT INTO " + n.table("suggestion_history")
                + " (suggestion_id, from_status, to_status, actor, decided_at, reason, evidence) VALUES"
                + " (:id, :from, :to, :actor, :at, :reason, " + db.dialect().json(":evidence") + ")";
        this.history = "SELECT suggestion_id, from_status, to_status, actor, decided_at, reason, evidence FROM "
                + n.table("suggestion_history") + " WHERE suggestion_id = :id ORDER BY entry_id";
    }

    @Override
    public void save(List<Suggestion> suggestions) {
        List<Suggestion> copy = List.copyOf(Objects.requireNonNull(suggestions, "suggestions"));
        if (copy.isEmpty()) {
            db.ensureOpen("save suggestions");
            return;
        }
        db.inTransaction("save " + copy.size() + " suggestion(s)", h -> {
            var batch = h.prepareBatch(upsert);
            for (Suggestion s : copy) {
                bind(batch, s).add();
            }
            return batch.execute();
        });
    }

    @Override
    public List<Suggestion> insertNew(List<Suggestion> suggestions) {
        List<Suggestion> copy = List.copyOf(Objects.requireNonNull(suggestions, "suggestions"));
        if (copy.isEmpty()) {
            db.ensureOpen("insert suggestions");
            return List.of();
        }
        return db.inTransaction("insert " + copy.size() + " new suggestion(s)", h -> {
            List<Suggestion> inserted = new ArrayList<>();
            for (Suggestion s : copy) {
                boolean seen = inserted.stream().anyMatch(i -> i.id().equals(s.id()));
                // H2 has no ON CONFLICT: look first; a concurrent insert of the same id is retried by Database
                if (!seen && (db.dialect() == Dialect.POSTGRESQL || find(h, s.id()).isEmpty())
                        && bind(h.createUpdate(insert), s).execute() == 1) {
                    inserted.add(s);
                }
            }
            return List.copyOf(inserted);
        });
    }

    private static <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bind(T statement, Suggestion s) {
        return statement.bind("suggestion_id", s.id())
                .bind("suggestion_type", s.type())
                .bind("target_component", s.targetComponent())
                .bind("description", s.description())
                .bind("expected_improvement", s.expectedImprovement())
                .bind("confidence", s.confidence())
                .bind("priority", s.priority())
                .bind("evolution_target", s.evolutionTarget())
                .bind("status", s.status().name())
                .bind("created_at", Timestamps.argument(s.createdAt()))
                .bind("target_operation", s.targetOperation());
    }

    @Override
    public List<Suggestion> list() {
        return db.read("list suggestions", h -> h.createQuery(list).map((rs, ctx) -> suggestion(rs)).list());
    }

    @Override
    public Optional<Suggestion> find(String id) {
        Objects.requireNonNull(id, "id");
        return db.read("find suggestion", h -> find(h, id));
    }

    private Optional<Suggestion> find(Handle h, String id) {
        return h.createQuery(find).bind("id", id).map((rs, ctx) -> suggestion(rs)).findOne();
    }

    @Override
    public boolean transition(SuggestionDecision d) {
        Objects.requireNonNull(d, "decision");
        return db.inTransaction("move suggestion " + d.suggestionId() + " to " + d.to(), h -> {
            int moved = h.createUpdate(move).bind("id", d.suggestionId()).bind("from", d.from().name())
                    .bind("to", d.to().name()).execute();
            if (moved == 0) {
                return false;
            }
            h.createUpdate(record).bind("id", d.suggestionId()).bind("from", d.from().name())
                    .bind("to", d.to().name()).bind("actor", d.actor()).bind("at", Timestamps.argument(d.at()))
                    .bind("reason", d.reason()).bind("evidence", db.json().writeStrings(d.evidence())).execute();
            return true;
        });
    }

    @Override
    public List<SuggestionDecision> history(String id) {
        Objects.requireNonNull(id, "id");
        return db.read("read suggestion history", h -> h.createQuery(history).bind("id", id)
                .map((rs, ctx) -> new SuggestionDecision(rs.getString("suggestion_id"),
                        SuggestionStatus.valueOf(rs.getString("from_status")),
                        SuggestionStatus.valueOf(rs.getString("to_status")), rs.getString("actor"),
                        Timestamps.read(rs, "decided_at"), rs.getString("reason"),
                        db.json().strings(rs.getString("evidence"))))
                .list());
    }

    private static Suggestion suggestion(ResultSet rs) throws SQLException {
        return new Suggestion(rs.getString("suggestion_id"), rs.getString("suggestion_type"),
                rs.getString("target_component"), rs.getString("description"),
                rs.getDouble("expected_improvement"), rs.getDouble("confidence"), rs.getInt("priority"),
                rs.getString("evolution_target"), SuggestionStatus.valueOf(rs.getString("status")),
                Timestamps.read(rs, "created_at"), rs.getString("target_operation"));
    }
}
