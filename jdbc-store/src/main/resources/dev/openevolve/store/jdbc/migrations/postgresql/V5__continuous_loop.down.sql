DROP TABLE ${schema}feature_flags;
DROP TABLE ${schema}loop_config_versions;
DROP TABLE ${schema}loop_events;
DROP TABLE ${schema}suggestion_history;
ALTER TABLE ${schema}learned_patterns DROP COLUMN operations;
ALTER TABLE ${schema}optimization_suggestions DROP CONSTRAINT optimization_suggestions_status;
UPDATE ${schema}optimization_suggestions SET status = 'APPLIED' WHERE status IN ('DEPLOYED', 'VALIDATED');
ALTER TABLE ${schema}optimization_suggestions ADD CONSTRAINT optimization_suggestions_status
    CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'APPLIED', 'ROLLED_BACK'));
ALTER TABLE ${schema}optimization_suggestions DROP COLUMN target_operation;
