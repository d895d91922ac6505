-- H2 commits each statement by itself, so every statement here is written to be run again: a migration cut off
-- midway completes when it is run again (see JdbcMigrations).
DROP TABLE IF EXISTS ${schema}feature_flags;
DROP TABLE IF EXISTS ${schema}loop_config_versions;
DROP TABLE IF EXISTS ${schema}loop_events;
DROP TABLE IF EXISTS ${schema}suggestion_history;
ALTER TABLE ${schema}learned_patterns DROP COLUMN IF EXISTS operations;
-- the status check is dropped whatever its version, so a repeated run makes it anew
ALTER TABLE ${schema}optimization_suggestions DROP CONSTRAINT IF EXISTS optimization_suggestions_status;
UPDATE ${schema}optimization_suggestions SET status = 'APPLIED' WHERE status IN ('DEPLOYED', 'VALIDATED');
ALTER TABLE ${schema}optimization_suggestions ADD CONSTRAINT optimization_suggestions_status
    CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'APPLIED', 'ROLLED_BACK'));
ALTER TABLE ${schema}optimization_suggestions DROP COLUMN IF EXISTS target_operation;
