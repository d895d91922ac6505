-- The audit trail of state changes made through the API: who, what, to which target, when, from where.
CREATE TABLE ${schema}openevolve_audit_log (
    id          BIGSERIAL   NOT NULL,
    audited_at  TIMESTAMPTZ NOT NULL,
    actor       TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    target      TEXT        NOT NULL,
    detail      TEXT        NOT NULL,
    origin      TEXT        NOT NULL,
    CONSTRAINT openevolve_audit_log_pk PRIMARY KEY (id)
);
CREATE INDEX openevolve_audit_log_time_idx ON ${schema}openevolve_audit_log (audited_at, id);
