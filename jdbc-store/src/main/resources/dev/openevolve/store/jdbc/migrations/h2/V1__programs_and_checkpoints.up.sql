-- H2 commits each statement by itself, so every statement here is written to be run again: a migration cut off
-- midway completes when it is run again (see JdbcMigrations).
-- Evaluated programs of evolution runs: one row per (run, program); re-saving replaces the row.
-- JSON documents are kept as text on H2.
CREATE TABLE IF NOT EXISTS ${schema}openevolve_evaluations (
    run_id       VARCHAR                     NOT NULL,
    program_id   VARCHAR                     NOT NULL,
    language     VARCHAR                     NOT NULL,
    code         CLOB                        NOT NULL,
    metrics      VARCHAR                     NOT NULL DEFAULT '{}',
    artifacts    CLOB                        NOT NULL,
    fitness      DOUBLE PRECISION            NOT NULL,
    evaluated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    stored_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT openevolve_evaluations_pk PRIMARY KEY (run_id, program_id)
);
CREATE INDEX IF NOT EXISTS openevolve_evaluations_fitness_idx ON ${schema}openevolve_evaluations (run_id, fitness DESC);

CREATE TABLE IF NOT EXISTS ${schema}program_evolution_history (
    run_id     VARCHAR NOT NULL,
    program_id VARCHAR NOT NULL,
    parent_id  VARCHAR,
    generation INTEGER NOT NULL,
    iteration  BIGINT  NOT NULL,
    island     INTEGER NOT NULL,
    changes    CLOB    NOT NULL,
    CONSTRAINT program_evolution_history_pk PRIMARY KEY (run_id, program_id),
    CONSTRAINT program_evolution_history_program_fk FOREIGN KEY (run_id, program_id)
        REFERENCES ${schema}openevolve_evaluations (run_id, program_id) ON DELETE CASCADE,
    CONSTRAINT program_evolution_history_counts CHECK (generation >= 0 AND iteration >= 0 AND island >= 0)
);
CREATE INDEX IF NOT EXISTS program_evolution_history_iteration_idx ON ${schema}program_evolution_history (run_id, iteration, program_id);
CREATE INDEX IF NOT EXISTS program_evolution_history_parent_idx ON ${schema}program_evolution_history (run_id, parent_id);

CREATE TABLE IF NOT EXISTS ${schema}evolution_checkpoints (
    run_id    VARCHAR                     NOT NULL,
    iteration BIGINT                      NOT NULL,
    state     CLOB                        NOT NULL,
    saved_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT evolution_checkpoints_pk PRIMARY KEY (run_id, iteration),
    CONSTRAINT evolution_checkpoints_iteration CHECK (iteration >= 0)
);
