-- Evaluated programs of evolution runs: one row per (run, program); re-saving replaces the row.
CREATE TABLE ${schema}openevolve_evaluations (
    run_id       TEXT             NOT NULL,
    program_id   TEXT             NOT NULL,
    language     TEXT             NOT NULL,
    code         TEXT             NOT NULL,
    metrics      JSONB            NOT NULL DEFAULT '{}'::jsonb,
    artifacts    JSONB            NOT NULL DEFAULT '{}'::jsonb,
    fitness      DOUBLE PRECISION NOT NULL,
    evaluated_at TIMESTAMPTZ      NOT NULL,
    stored_at    TIMESTAMPTZ      NOT NULL DEFAULT now(),
    CONSTRAINT openevolve_evaluations_pk PRIMARY KEY (run_id, program_id),
    CONSTRAINT openevolve_evaluations_metrics_object CHECK (jsonb_typeof(metrics) = 'object'),
    CONSTRAINT openevolve_evaluations_artifacts_object CHECK (jsonb_typeof(artifacts) = 'object')
);
CREATE INDEX openevolve_evaluations_fitness_idx ON ${schema}openevolve_evaluations (run_id, fitness DESC);
CREATE INDEX openevolve_evaluations_metrics_gin ON ${schema}openevolve_evaluations USING GIN (metrics jsonb_path_ops);

-- Lineage of each evaluated program; the foreign key targets the composite primary key
-- (run_id, program_id) because a program id is unique only within its run.
CREATE TABLE ${schema}program_evolution_history (
    run_id     TEXT    NOT NULL,
    program_id TEXT    NOT NULL,
    parent_id  TEXT,
    generation INTEGER NOT NULL,
    iteration  BIGINT  NOT NULL,
    island     INTEGER NOT NULL,
    changes    TEXT    NOT NULL,
    CONSTRAINT program_evolution_history_pk PRIMARY KEY (run_id, program_id),
    CONSTRAINT program_evolution_history_program_fk FOREIGN KEY (run_id, program_id)
        REFERENCES ${schema}openevolve_evaluations (run_id, program_id) ON DELETE CASCADE,
    CONSTRAINT program_evolution_history_counts CHECK (generation >= 0 AND iteration >= 0 AND island >= 0)
);
CREATE INDEX program_evolution_history_iteration_idx
    ON ${schema}program_evolution_history (run_id, iteration, program_id COLLATE "C");
CREATE INDEX program_evolution_history_parent_idx ON ${schema}program_evolution_history (run_id, parent_id);

-- The engine's state after an iteration, kept verbatim (TEXT, not JSONB, so nothing is re-ordered).
CREATE TABLE ${schema}evolution_checkpoints (
    run_id    TEXT        NOT NULL,
    iteration BIGINT      NOT NULL,
    state     TEXT        NOT NULL,
    saved_at  TIMESTAMPTZ NOT NULL,
    CONSTRAINT evolution_checkpoints_pk PRIMARY KEY (run_id, iteration),
    CONSTRAINT evolution_checkpoints_iteration CHECK (iteration >= 0)
);
