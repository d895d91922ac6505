package dev.openevolve.store.jdbc;

import dev.openevolve.spi.PatternStore;
import dev.openevolve.spi.PatternType;
import dev.openevolve.spi.PerformancePattern;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Patterns in {@code learned_patterns}; a save of several is one transaction. Thread safe. */
final class JdbcPatternStore implements PatternStore {
    private final Database db;
    private final String upsert;
    private final String list;

    JdbcPatternStore(Database db) {
        this.db = db;
        Names n = db.names();
        this.upsert = db.dialect().upsert(n.table("learned_patterns"), List.of("pattern_id"),
                List.of("pattern_id", "pattern_type", "description", "confidence", "improvement_potential",
                        "frequency", "last_seen", "components", "statistics", "operations"),
                Set.of("components", "statistics", "operations"), "updated_at");
        this.list = "SELECT pattern_id, pattern_type, description, confidence, improvement_potential, frequency,"
                + " last_seen, components, statistics, operations FROM " + n.table("learned_patterns")
                + " ORDER BY confidence DESC, " + db.dialect().binaryOrder("pattern_id");
    }

    @Override
    public void save(List<PerformancePattern> patterns) {
        List<PerformancePattern> copy = List.copyOf(Objects.requireNonNull(patterns, "patterns"));
        if (copy.isEmpty()) {
            db.ensureOpen("save patterns");
            return;
        }
        db.inTransaction("save " + copy.size() + " pattern(s)", h -> {
            var batch = h.prepareBatch(upsert);
            for (PerformancePattern p : copy) {
                batch.bind("pattern_id", p.id())
                        .bind("pattern_type", p.type().name())
                        .bind("description", p.description())
                        .bind("confidence", p.confidence())
                        .bind("improvement_potential", p.improvementPotential())
                        .bind("frequency", p.frequency())
                        .bind("last_seen", Timestamps.argument(p.lastSeen()))
                        .bind("components", db.json().write(p.components()))
                        .bind("statistics", db.json().write(p.statistics()))
                        .bind("operations", db.json().write(p.operations()))
                        .add();
            }
            return batch.execute();
        });
    }

    @Override
    public List<PerformancePattern> list() {
        return db.read("list patterns", h -> h.createQuery(list)
                .map((rs, ctx) -> new PerformancePattern(rs.getString("pattern_id"),
                        PatternType.valueOf(rs.getString("pattern_type")), rs.getString("description"),
                        rs.getDouble("confidence"), rs.getDouble("improvement_potential"), rs.getLong("frequency"),
                        Timestamps.read(rs, "last_seen"), db.json().list(rs.getString("components")),
                        db.json().doubles(rs.getString("statistics")),
                        db.json().list(rs.getString("operations"))))
                .list());
    }
}
