DROP TABLE ${schema}openevolve_audit_log;
