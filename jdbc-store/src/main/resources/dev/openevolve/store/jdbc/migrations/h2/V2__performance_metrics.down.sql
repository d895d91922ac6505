-- H2 commits each statement by itself, so every statement here is written to be run again: a migration cut off
-- midway completes when it is run again (see JdbcMigrations).
DROP TABLE IF EXISTS ${schema}system_performance_metrics;
