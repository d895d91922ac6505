package dev.openevolve.store.jdbc;

import dev.openevolve.spi.ConfigVersion;
import dev.openevolve.spi.FeatureFlag;
import dev.openevolve.spi.RolloutStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Configuration versions in {@code loop_config_versions} and flags in {@code feature_flags}. A new version
 * number is the highest plus one, taken in the inserting transaction; two concurrent savers collide on the
 * primary key: on H2 the loser's transaction is retried, on PostgreSQL it fails with a
 * {@link dev.openevolve.spi.StoreException} (the loop serialises its own saves). Thread safe.
 */
final class JdbcRolloutStore implements RolloutStore {
    private final Database db;
    private final String insertVersion;
    private final String nextVersion;
    private final String versions;
    private final String version;
    private final String upsertFlag;
    private final String flags;

    JdbcRolloutStore(Database db) {
        this.db = db;
        Names n = db.names();
        String table = n.table("loop_config_versions");
        this.nextVersion = "SELECT COALESCE(MAX(version), 0) + 1 FROM " + table;
        this.insertVersion = "INSERT INTO " + table + " (version, content, actor, reason, created_at)"
                + " VALUES (:version, :content, :actor, :reason, :at)";
        this.versions = "SELECT version, content, actor, reason, created_at FROM " + table + " ORDER BY version";
        this.version = "SELECT version, content, actor, reason, created_at FROM " + table + " WHERE version = :v";
        this.upsertFlag = db.dialect().upsert(n.table("feature_flags"), List.of("flag_name"),
                List.of("flag_name", "enabled", "actor", "updated_at"), Set.of(), null);
        this.flags = "SELECT flag_name, enabled, actor, updated_at FROM " + n.table("feature_flags");
    }

    @Override
    public ConfigVersion saveConfig(String content, String actor, String reason, Instant at) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        return db.inTransaction("save configuration version", h -> {
            int next = h.createQuery(nextVersion).mapTo(Integer.class).one();
            h.createUpdate(insertVersion).bind("version", next).bind("content", content).bind("actor", actor)
                    .bind("reason", reason).bind("at", Timestamps.argument(at)).execute();
            return new ConfigVersion(next, content, actor, reason, Timestamps.micros(at));
        });
    }

    @Override
    public List<ConfigVersion> configVersions() {
        return db.read("list configuration versions", h -> h.createQuery(versions)
                .map((rs, ctx) -> configVersion(rs)).list());
    }

    @Override
    public Optional<ConfigVersion> configVersion(int v) {
        return db.read("read configuration version " + v, h -> h.createQuery(version).bind("v", v)
                .map((rs, ctx) -> configVersion(rs)).findOne());
    }

    @Override
    public void setFlag(FeatureFlag flag) {
        Objects.requireNonNull(flag, "flag");
        db.inTransaction("set flag " + flag.name(), h -> h.createUpdate(upsertFlag).bind("flag_name", flag.name())
                .bind("enabled", flag.enabled()).bind("actor", flag.actor())
                .bind("updated_at", Timestamps.argument(flag.updatedAt())).execute());
    }

    @Override
    public Map<String, FeatureFlag> flags() {
        return db.read("list flags", h -> {
            Map<String, FeatureFlag> result = new TreeMap<>();
            h.createQuery(flags).map((rs, ctx) -> new FeatureFlag(rs.getString("flag_name"),
                    rs.getBoolean("enabled"), rs.getString("actor"), Timestamps.read(rs, "updated_at")))
                    .forEach(f -> result.put(f.name(), f));
            return Map.copyOf(result);
        });
    }

    private static ConfigVersion configVersion(ResultSet rs) throws SQLException {
        return new ConfigVersion(rs.getInt("version"), rs.getString("content"), rs.getString("actor"),
                rs.getString("reason"), Timestamps.read(rs, "created_at"));
    }
}
