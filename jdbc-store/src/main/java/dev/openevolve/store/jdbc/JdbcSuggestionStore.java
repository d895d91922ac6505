package dev.openevolve.store.jdbc;

import dev.openevolve.spi.Suggestion;
import dev.openevolve.spi.SuggestionStatus;
import dev.openevolve.spi.SuggestionStore;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Suggestions in {@code optimization_suggestions}; a save of several is one transaction. Thread safe. */
final class JdbcSuggestionStore implements SuggestionStore {
    private final Database db;
    private final String upsert;
    private final String list;

    JdbcSuggestionStore(Database db) {
        this.db = db;
        Names n = db.names();
        this.upsert = db.dialect().upsert(n.table("optimization_suggestions"), List.of("suggestion_id"),
                List.of("suggestion_id", "suggestion_type", "target_component", "description", "expected_improvement",
                        "confidence", "priority", "evolution_target", "status", "created_at"),
                Set.of(), "updated_at");
        this.list = "SELECT suggestion_id, suggestion_type, target_component, description, expected_improvement,"
                + " confidence, priority, evolution_target, status, created_at FROM "
                + n.table("optimization_suggestions")
                + " ORDER BY priority, confidence DESC, " + db.dialect().binaryOrder("suggestion_id");
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
                batch.bind("suggestion_id", s.id())
                        .bind("suggestion_type", s.type())
                        .bind("target_component", s.targetComponent())
                        .bind("description", s.description())
                        .bind("expected_improvement", s.expectedImprovement())
                        .bind("confidence", s.confidence())
                        .bind("priority", s.priority())
                        .bind("evolution_target", s.evolutionTarget())
                        .bind("status", s.status().name())
                        .bind("created_at", Timestamps.argument(s.createdAt()))
                        .add();
            }
            return batch.execute();
        });
    }

    @Override
    public List<Suggestion> list() {
        return db.read("list suggestions", h -> h.createQuery(list)
                .map((rs, ctx) -> new Suggestion(rs.getString("suggestion_id"), rs.getString("suggestion_type"),
                        rs.getString("target_component"), rs.getString("description"),
                        rs.getDouble("expected_improvement"), rs.getDouble("confidence"), rs.getInt("priority"),
                        rs.getString("evolution_target"), SuggestionStatus.valueOf(rs.getString("status")),
                        Timestamps.read(rs, "created_at")))
                .list());
    }
}
