-- H2 commits each statement by itself, so every statement here is written to be run again: a migration cut off
-- midway completes when it is run again (see JdbcMigrations).
DROP VIEW IF EXISTS ${schema}top_optimization_opportunities;
DROP VIEW IF EXISTS ${schema}performance_summary;
