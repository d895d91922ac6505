package dev.openevolve.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * A snapshot of a cluster run: workers, tasks and results. Immutable.
 *
 * @param workersAlive   workers of the run that heartbeat within the dead-execution window
 * @param workersRefused workers that were turned away (their evaluator differs)
 * @param queued         tasks waiting for a worker
 * @param running        tasks a live worker is evaluating
 * @param expired        tasks whose worker stopped heartbeating; another worker takes them over
 * @param retrying       tasks that failed in a worker (not in the candidate) and wait to be tried again
 * @param recorded       results recorded, each candidate once
 * @param failedResults  recorded results that are candidate failures
 * @param perMinute      results recorded in the last minute
 */
public record ClusterHealth(int workersAlive, int workersRefused, long queued, long running, long expired,
                            long retrying, long recorded, long failedResults, long perMinute) {

    static ClusterHealth read(DataSource dataSource, String runId, ClusterSettings settings) throws SQLException {
        double dead = settings.deadAfter().toMillis() / 1000.0;
        String sql = """
                SELECT
                  (SELECT count(*) FROM openevolve_cluster_workers WHERE run_id = ? AND state = 'running'
                      AND last_seen > now() - make_interval(secs => ?)),
                  (SELECT count(*) FROM openevolve_cluster_workers WHERE run_id = ? AND state = 'refused'),
                  (SELECT count(*) FROM scheduled_tasks WHERE task_name = ? AND NOT picked),
                  (SELECT count(*) FROM scheduled_tasks WHERE task_name = ? AND picked
                      AND last_heartbeat > now() - make_interval(secs => ?)),
                  (SELECT count(*) FROM scheduled_tasks WHERE task_name = ? AND picked
                      AND (last_heartbeat IS NULL OR last_heartbeat <= now() - make_interval(secs => ?))),
                  (SELECT count(*) FROM scheduled_tasks WHERE task_name = ? AND consecutive_failures > 0),
                  (SELECT count(*) FROM openevolve_cluster_results WHERE run_id = ?),
                  (SELECT count(*) FROM openevolve_cluster_results WHERE run_id = ? AND NOT succeeded),
                  (SELECT count(*) FROM openevolve_cluster_results WHERE run_id = ?
                      AND recorded_at > now() - interval '1 minute')""";
        String task = Wire.taskName(runId);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setString(i++, runId);
            s.setDouble(i++, dead);
            s.setString(i++, runId);
            s.setString(i++, task);
            s.setString(i++, task);
            s.setDouble(i++, dead);
            s.setString(i++, task);
            s.setDouble(i++, dead);
            s.setString(i++, task);
            s.setString(i++, runId);
            s.setString(i++, runId);
            s.setString(i, runId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new ClusterHealth(rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9));
            }
        }
    }

    /** One line for logs and the command line. */
    public String summary() {
        return String.format(Locale.ROOT, "workers alive %d%s, tasks queued %d, running %d, expired %d, retrying %d;"
                        + " results %d (%d failed), %d in the last minute", workersAlive,
                workersRefused > 0 ? " (" + workersRefused + " refused)" : "", queued, running, expired, retrying,
                recorded, failedResults, perMinute);
    }
}
