CREATE TABLE ${schema}learned_patterns (
    pattern_id            TEXT             NOT NULL,
    pattern_type          TEXT             NOT NULL,
    description           TEXT             NOT NULL,
    confidence            DOUBLE PRECISION NOT NULL,
    improvement_potential DOUBLE PRECISION NOT NULL,
    frequency             BIGINT           NOT NULL,
    last_seen             TIMESTAMPTZ      NOT NULL,
    components            JSONB            NOT NULL DEFAULT '[]'::jsonb,
    statistics            JSONB            NOT NULL DEFAULT '{}'::jsonb,
    updated_at            TIMESTAMPTZ      NOT NULL DEFAULT now(),
    CONSTRAINT learned_patterns_pk PRIMARY KEY (pattern_id),
    CONSTRAINT learned_patterns_type CHECK (pattern_type IN ('FAILURE_CLUSTER', 'PERFORMANCE_BOTTLENECK',
        'NORMAL_OPERATION', 'LATENCY_REGRESSION', 'COMPONENT_OUTLIER', 'BIMODAL_DURATION')),
    CONSTRAINT learned_patterns_confidence CHECK (confidence BETWEEN 0 AND 1),
    CONSTRAINT learned_patterns_potential CHECK (improvement_potential BETWEEN 0 AND 1),
    CONSTRAINT learned_patterns_frequency CHECK (frequency >= 0),
    CONSTRAINT learned_patterns_components_array CHECK (jsonb_typeof(components) = 'array'),
    CONSTRAINT learned_patterns_statistics_object CHECK (jsonb_typeof(statistics) = 'object')
);
CREATE INDEX learned_patterns_rank_idx ON ${schema}learned_patterns (confidence DESC, pattern_id COLLATE "C");
CREATE INDEX learned_patterns_type_idx ON ${schema}learned_patterns (pattern_type, last_seen DESC);
CREATE INDEX learned_patterns_components_gin ON ${schema}learned_patterns USING GIN (components jsonb_path_ops);

CREATE TABLE ${schema}optimization_suggestions (
    suggestion_id        TEXT             NOT NULL,
    suggestion_type      TEXT             NOT NULL,
    target_component     TEXT             NOT NULL,
    description          TEXT             NOT NULL,
    expected_improvement DOUBLE PRECISION NOT NULL,
    confidence           DOUBLE PRECISION NOT NULL,
    priority             INTEGER          NOT NULL,
    evolution_target     TEXT,
    status               TEXT             NOT NULL,
    created_at           TIMESTAMPTZ      NOT NULL,
    updated_at           TIMESTAMPTZ      NOT NULL DEFAULT now(),
    CONSTRAINT optimization_suggestions_pk PRIMARY KEY (suggestion_id),
    CONSTRAINT optimization_suggestions_status CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'APPLIED',
        'ROLLED_BACK')),
    CONSTRAINT optimization_suggestions_improvement CHECK (expected_improvement BETWEEN 0 AND 1),
    CONSTRAINT optimization_suggestions_confidence CHECK (confidence BETWEEN 0 AND 1),
    CONSTRAINT optimization_suggestions_priority CHECK (priority >= 1)
);
CREATE INDEX optimization_suggestions_rank_idx
    ON ${schema}optimization_suggestions (priority, confidence DESC, suggestion_id COLLATE "C");
CREATE INDEX optimization_suggestions_status_idx ON ${schema}optimization_suggestions (status, priority);
CREATE INDEX optimization_suggestions_component_idx ON ${schema}optimization_suggestions (target_component);
