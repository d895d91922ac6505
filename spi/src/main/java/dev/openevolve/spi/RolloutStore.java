package dev.openevolve.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable rollout state: the versioned configuration of the continuous-learning loop and its feature flags.
 * Thread safe; failures throw {@link StoreException}.
 */
public interface RolloutStore {

    /** Stores {@code content} as the next configuration version (1 for the first) and returns it. */
    ConfigVersion saveConfig(String content, String actor, String reason, Instant at);

    /** Every configuration version, oldest first. */
    List<ConfigVersion> configVersions();

    /** Configuration version {@code version}, if stored. */
    Optional<ConfigVersion> configVersion(int version);

    /** Inserts or replaces (by name) a flag. */
    void setFlag(FeatureFlag flag);

    /** Every stored flag by name. */
    Map<String, FeatureFlag> flags();
}
