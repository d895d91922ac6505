package dev.openevolve.internal.store.memory;

import dev.openevolve.spi.ConfigVersion;
import dev.openevolve.spi.FeatureFlag;
import dev.openevolve.spi.RolloutStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** Configuration versions in a list and flags by name. Thread safe. */
final class MemoryRolloutStore implements RolloutStore {
    private final Runnable ensureOpen;
    private final List<ConfigVersion> versions = new ArrayList<>();
    private final Map<String, FeatureFlag> flags = new TreeMap<>();

    MemoryRolloutStore(Runnable ensureOpen) {
        this.ensureOpen = ensureOpen;
    }

    @Override
    public synchronized ConfigVersion saveConfig(String content, String actor, String reason, Instant at) {
        ensureOpen.run();
        ConfigVersion v = new ConfigVersion(versions.size() + 1, content, actor, reason, at);
        versions.add(v);
        return v;
    }

    @Override
    public synchronized List<ConfigVersion> configVersions() {
        ensureOpen.run();
        return List.copyOf(versions);
    }

    @Override
    public synchronized Optional<ConfigVersion> configVersion(int version) {
        ensureOpen.run();
        return version >= 1 && version <= versions.size() ? Optional.of(versions.get(version - 1)) : Optional.empty();
    }

    @Override
    public synchronized void setFlag(FeatureFlag flag) {
        Objects.requireNonNull(flag, "flag");
        ensureOpen.run();
        flags.put(flag.name(), flag);
    }

    @Override
    public synchronized Map<String, FeatureFlag> flags() {
        ensureOpen.run();
        return Map.copyOf(flags);
    }

    synchronized void clear() {
        versions.clear();
        flags.clear();
    }
}
