package dev.openevolve.cluster;

import dev.openevolve.config.StorageConfig;
import dev.openevolve.spi.OpenEvolveException;
import java.time.Duration;
import java.util.Objects;

/**
 * How the controller and the workers reach the shared PostgreSQL database, and how often they look at it.
 * Immutable and thread safe; {@link #toString()} masks the password.
 *
 * @param url               JDBC URL of PostgreSQL ({@code jdbc:postgresql://host:5432/db}); a {@code currentSchema}
 *                          parameter puts the cluster's tables into that schema
 * @param user              database user
 * @param password          password, never printed; empty for none
 * @param pollInterval      how often an idle worker looks for due tasks when no notification woke it, positive
 * @param heartbeatInterval how often a worker marks its running tasks alive, positive; a task whose worker missed
 *                          {@code missedHeartbeats} heartbeats is given to another worker
 * @param missedHeartbeats  heartbeats a worker may miss before its tasks count as dead, at least 4
 */
public record ClusterSettings(String url, String user, String password, Duration pollInterval,
                              Duration heartbeatInterval, int missedHeartbeats) {
    public ClusterSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new OpenEvolveException("cluster database url must start with 'jdbc:postgresql:' (the cluster runs"
                    + " on PostgreSQL) but was '" + Masking.url(url) + "'");
        }
        requirePositive(pollInterval, "poll_interval");
        requirePositive(heartbeatInterval, "heartbeat_interval");
        if (missedHeartbeats < 4) {
            throw new OpenEvolveException("cluster missed_heartbeats must be at least 4 (db-scheduler's minimum) but was " + missedHeartbeats);
        }
    }

    /** Settings with a 2 s poll interval and a 2 s heartbeat, 4 of which may be missed. */
    public static ClusterSettings of(String url, String user, String password) {
        return new ClusterSettings(url, user, password, Duration.ofSeconds(2), Duration.ofSeconds(2), 4);
    }

    /**
     * The store's database ({@code database.url}, {@code user}, {@code password}), which must be PostgreSQL.
     *
     * @throws OpenEvolveException naming {@code database.url} when it is not a PostgreSQL URL
     */
    public static ClusterSettings fromStorage(StorageConfig storage) {
        String url = storage.url().isEmpty() && storage.provider().equals("jdbc")
                ? "jdbc:postgresql://" + storage.host() + ":" + storage.port() + "/" + storage.name()
                : storage.url();
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new OpenEvolveException("evaluation.executor 'cluster' shares work through PostgreSQL: database.url"
                    + " must be a jdbc:postgresql: URL (database.provider jdbc) but was '"
                    + (url.isEmpty() ? "(none; database.provider " + storage.provider() + ")" : Masking.url(url))
                    + "'");
        }
        return of(url, storage.user(), storage.password());
    }

    /** A copy with {@code pollInterval} set. */
    public ClusterSettings withPollInterval(Duration pollInterval) {
        return new ClusterSettings(url, user, password, pollInterval, heartbeatInterval, missedHeartbeats);
    }

    /** A copy with {@code heartbeatInterval} and {@code missedHeartbeats} set. */
    public ClusterSettings withHeartbeat(Duration heartbeatInterval, int missedHeartbeats) {
        return new ClusterSettings(url, user, password, pollInterval, heartbeatInterval, missedHeartbeats);
    }

    /** How long a running task may go without a heartbeat before another worker takes it over. */
    Duration deadAfter() {
        return heartbeatInterval.multipliedBy(missedHeartbeats);
    }

    private static void requirePositive(Duration d, String key) {
        if (d.isZero() || d.isNegative()) {
            throw new OpenEvolveException("cluster " + key + " must be positive but was " + d);
        }
    }

    @Override
    public String toString() {
        return "ClusterSettings[url=" + Masking.url(url) + ", user=" + user + ", password="
                + (password.isEmpty() ? "" : "****") + ", pollInterval=" + pollInterval + ", heartbeatInterval="
                + heartbeatInterval + ", missedHeartbeats=" + missedHeartbeats + "]";
    }
}
