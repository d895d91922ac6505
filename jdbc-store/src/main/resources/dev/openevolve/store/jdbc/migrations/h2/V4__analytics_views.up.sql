-- H2 commits each statement by itself, so every statement here is written to be run again: a migration cut off
-- midway completes when it is run again (see JdbcMigrations).
-- Per UTC day, component and operation: volume, reliability and latency distribution.
CREATE OR REPLACE VIEW ${schema}performance_summary AS
SELECT CAST((started_at AT TIME ZONE 'UTC') AS DATE)                              AS sample_day,
       component,
       operation,
       COUNT(*)                                                                   AS sample_count,
       SUM(CASE WHEN success THEN 0 ELSE 1 END)                                   AS failure_count,
       CAST(SUM(CASE WHEN success THEN 1 ELSE 0 END) AS DOUBLE PRECISION) / COUNT(*)                AS success_rate,
       CAST(AVG(duration_ns) AS DOUBLE PRECISION) / 1000000                                                     AS avg_duration_ms,
       CAST(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY duration_ns) AS DOUBLE PRECISION) / 1000000             AS p50_duration_ms,
       CAST(PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration_ns) AS DOUBLE PRECISION) / 1000000            AS p95_duration_ms,
       CAST(PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY duration_ns) AS DOUBLE PRECISION) / 1000000            AS p99_duration_ms,
       CAST(MAX(duration_ns) AS DOUBLE PRECISION) / 1000000                                                     AS max_duration_ms,
       CAST(AVG(CASE WHEN allocated_bytes >= 0 THEN allocated_bytes END) AS DOUBLE PRECISION)             AS avg_allocated_bytes,
       CAST(AVG(CASE WHEN cpu_ns >= 0 THEN cpu_ns END) AS DOUBLE PRECISION) / 1000000                           AS avg_cpu_ms,
       MIN(started_at)                                                            AS first_seen,
       MAX(started_at)                                                            AS last_seen
FROM ${schema}system_performance_metrics
GROUP BY CAST((started_at AT TIME ZONE 'UTC') AS DATE), component, operation;

-- Open suggestions ranked by urgency and expected value, with the last 7 days of evidence
-- from the sampled metrics of their target component.
CREATE OR REPLACE VIEW ${schema}top_optimization_opportunities AS
SELECT RANK() OVER (ORDER BY s.priority, s.expected_improvement * s.confidence DESC) AS opportunity_rank,
       s.suggestion_id,
       s.suggestion_type,
       s.target_component,
       s.description,
       s.priority,
       s.confidence,
       s.expected_improvement,
       s.expected_improvement * s.confidence                                         AS expected_value,
       s.evolution_target,
       s.status,
       s.created_at,
       COALESCE(m.sample_count, 0)                                                   AS recent_sample_count,
       m.failure_rate                                                                AS recent_failure_rate,
       m.avg_duration_ms                                                             AS recent_avg_duration_ms
FROM ${schema}optimization_suggestions s
LEFT JOIN (SELECT component,
                  COUNT(*)                                     AS sample_count,
                  CAST(SUM(CASE WHEN success THEN 0 ELSE 1 END) AS DOUBLE PRECISION) / COUNT(*) AS failure_rate,
                  CAST(AVG(duration_ns) AS DOUBLE PRECISION) / 1000000                       AS avg_duration_ms
           FROM ${schema}system_performance_metrics
           WHERE started_at >= CURRENT_TIMESTAMP - INTERVAL '7' DAY
           GROUP BY component) m ON m.component = s.target_component
WHERE s.status IN ('PENDING', 'APPROVED');
