-- Sampled operations of the host, range-partitioned by month of started_at (UTC). The store
-- creates the partition of a month on demand before it writes the first sample of that month.
CREATE TABLE ${schema}system_performance_metrics (
    id                  BIGSERIAL        NOT NULL,
    started_at          TIMESTAMPTZ      NOT NULL,
    component           TEXT             NOT NULL,
    operation           TEXT             NOT NULL,
    duration_ns         BIGINT           NOT NULL,
    success             BOOLEAN          NOT NULL,
    error_message       TEXT,
    context             JSONB            NOT NULL DEFAULT '{}'::jsonb,
    allocated_bytes     BIGINT           NOT NULL,
    cpu_ns              BIGINT           NOT NULL,
    heap_used_bytes     BIGINT,
    rss_bytes           BIGINT,
    process_cpu_percent DOUBLE PRECISION,
    CONSTRAINT system_performance_metrics_pk PRIMARY KEY (started_at, id),
    CONSTRAINT system_performance_metrics_duration CHECK (duration_ns >= 0),
    CONSTRAINT system_performance_metrics_allocated CHECK (allocated_bytes >= -1),
    CONSTRAINT system_performance_metrics_cpu CHECK (cpu_ns >= -1)
) PARTITION BY RANGE (started_at);
CREATE INDEX system_performance_metrics_operation_idx
    ON ${schema}system_performance_metrics (component, operation, started_at);
CREATE INDEX system_performance_metrics_context_gin
    ON ${schema}system_performance_metrics USING GIN (context jsonb_path_ops);
