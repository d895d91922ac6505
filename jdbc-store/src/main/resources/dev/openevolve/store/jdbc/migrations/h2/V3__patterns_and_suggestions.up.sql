-- H2 commits each statement by itself, so every statement here is written to be run again: a migration cut off
-- midway completes when it is run again (see JdbcMigrations).
CREATE TABLE IF NOT EXISTS ${schema}learned_patterns (
    pattern_id            VARCHAR                     NOT NULL,
    pattern_type          VARCHAR(32)                 NOT NULL,
    description           VARCHAR                     NOT NULL,
    confidence            DOUBLE PRECISION            NOT NULL,
    improvement_potential DOUBLE PRECISION            NOT NULL,
    frequency             BIGINT                      NOT NULL,
    last_seen             TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    components            VARCHAR                     NOT NULL DEFAULT '[]',
    statistics            VARCHAR                     NOT NULL DEFAULT '{}',
    updated_at            TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT learned_patterns_pk PRIMARY KEY (pattern_id),
    CONSTRAINT learned_patterns_type CHECK (pattern_type IN ('FAILURE_CLUSTER', 'PERFORMANCE_BOTTLENECK',
        'NORMAL_OPERATION', 'LATENCY_REGRESSION', 'COMPONENT_OUTLIER', 'BIMODAL_DURATION')),
    CONSTRAINT learned_patterns_confidence CHECK (confidence BETWEEN 0 AND 1),
    CONSTRAINT learned_patterns_potential CHECK (improvement_potential BETWEEN 0 AND 1),
    CONSTRAINT learned_patterns_frequency CHECK (frequency >= 0)
);
CREATE INDEX IF NOT EXISTS learned_patterns_rank_idx ON ${schema}learned_patterns (confidence DESC, pattern_id);
CREATE INDEX IF NOT EXISTS learned_patterns_type_idx ON ${schema}learned_patterns (pattern_type, last_seen DESC);

CREATE TABLE IF NOT EXISTS ${schema}optimization_suggestions (
    suggestion_id        VARCHAR                     NOT NULL,
    suggestion_type      VARCHAR                     NOT NULL,
    target_component     VARCHAR                     NOT NULL,
    description          VARCHAR                     NOT NULL,
    expected_improvement DOUBLE PRECISION            NOT NULL,
    confidence           DOUBLE PRECISION            NOT NULL,
    priority             INTEGER                     NOT NULL,
    evolution_target     VARCHAR,
    status               VARCHAR(16)                 NOT NULL,
    created_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT optimization_suggestions_pk PRIMARY KEY (suggestion_id),
    CONSTRAINT optimization_suggestions_status CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'APPLIED',
        'ROLLED_BACK')),
    CONSTRAINT optimization_suggestions_improvement CHECK (expected_improvement BETWEEN 0 AND 1),
    CONSTRAINT optimization_suggestions_confidence CHECK (confidence BETWEEN 0 AND 1),
    CONSTRAINT optimization_suggestions_priority CHECK (priority >= 1)
);
CREATE INDEX IF NOT EXISTS optimization_suggestions_rank_idx
    ON ${schema}optimization_suggestions (priority, confidence DESC, suggestion_id);
CREATE INDEX IF NOT EXISTS optimization_suggestions_status_idx ON ${schema}optimization_suggestions (status, priority);
CREATE INDEX IF NOT EXISTS optimization_suggestions_component_idx ON ${schema}optimization_suggestions (target_component);
