package dev.openevolve.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Creates the cluster's tables when they are missing, in the connection's current schema: db-scheduler's
 * {@code scheduled_tasks} (the columns its PostgreSQL repository reads and writes) and this module's run, worker,
 * attempt and result tables. Idempotent and safe when several processes start at once (the DDL runs under a
 * transaction-scoped advisory lock). Stateless.
 */
final class ClusterSchema {
    static final String TASKS = "scheduled_tasks";
    /** The advisory-lock namespace of this module: {@code ('o' << 24) | ('e' << 16) | ('c' << 8) | 'l'}. */
    static final int LOCK_NAMESPACE = 0x6F65636C;
    private static final int DDL_LOCK = 0;

    private static final String[] DDL = {
        """
        CREATE TABLE IF NOT EXISTS scheduled_tasks (
            task_name            TEXT NOT NULL,
            task_instance        TEXT NOT NULL,
            task_data            BYTEA,
            execution_time       TIMESTAMPTZ NOT NULL,
            picked               BOOLEAN NOT NULL,
            picked_by            TEXT,
            last_success         TIMESTAMPTZ,
            last_failure         TIMESTAMPTZ,
            consecutive_failures INT,
            last_heartbeat       TIMESTAMPTZ,
            version              BIGINT NOT NULL,
            priority             SMALLINT,
            PRIMARY KEY (task_name, task_instance))""",
        "CREATE INDEX IF NOT EXISTS scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time)",
        "CREATE INDEX IF NOT EXISTS scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat)",
        "CREATE INDEX IF NOT EXISTS scheduled_tasks_priority_idx ON scheduled_tasks (priority DESC, execution_time)",
        """
        CREATE TABLE IF NOT EXISTS openevolve_cluster_runs (
            run_id          TEXT PRIMARY KEY,
            evaluator_hash  TEXT NOT NULL,
            evaluator_name  TEXT NOT NULL,
            controller      TEXT NOT NULL,
            started_at      TIMESTAMPTZ NOT NULL DEFAULT now())""",
        """
        CREATE TABLE IF NOT EXISTS openevolve_cluster_workers (
            worker_id      TEXT PRIMARY KEY,
            run_id         TEXT NOT NULL,
            host           TEXT NOT NULL,
            threads        INT NOT NULL,
            evaluator_hash TEXT NOT NULL,
            state          TEXT NOT NULL,
            started_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
            last_seen      TIMESTAMPTZ NOT NULL DEFAULT now(),
            evaluated      BIGINT NOT NULL DEFAULT 0,
            failed         BIGINT NOT NULL DEFAULT 0)""",
        """
        CREATE TABLE IF NOT EXISTS openevolve_cluster_attempts (
            run_id      TEXT NOT NULL,
            task_id     TEXT NOT NULL,
            worker_id   TEXT NOT NULL,
            started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
            finished_at TIMESTAMPTZ,
            PRIMARY KEY (run_id, task_id, worker_id, started_at))""",
        """
        CREATE TABLE IF NOT EXISTS openevolve_cluster_results (
            run_id      TEXT NOT NULL,
            task_id     TEXT NOT NULL,
            program_id  TEXT NOT NULL,
            result      TEXT NOT NULL,
            succeeded   BOOLEAN NOT NULL,
            worker_id   TEXT NOT NULL,
            recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            PRIMARY KEY (run_id, task_id))""",
        "CREATE INDEX IF NOT EXISTS openevolve_cluster_results_time_idx ON openevolve_cluster_results (run_id, recorded_at)"
    };

    private ClusterSchema() {
    }

    /** Creates what is missing. */
    static void ensure(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + LOCK_NAMESPACE + ", " + DDL_LOCK + ")");
                for (String ddl : DDL) {
                    s.execute(ddl);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }
}
