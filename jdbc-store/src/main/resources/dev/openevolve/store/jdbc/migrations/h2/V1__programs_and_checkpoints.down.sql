-- H2 commits each statement by itself, so every statement here is written to be run again: a migration cut off
-- midway completes when it is run again (see JdbcMigrations).
DROP TABLE IF EXISTS ${schema}evolution_checkpoints;
DROP TABLE IF EXISTS ${schema}program_evolution_history;
DROP TABLE IF EXISTS ${schema}openevolve_evaluations;
