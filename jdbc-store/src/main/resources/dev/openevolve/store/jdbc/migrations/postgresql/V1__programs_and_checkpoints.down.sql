DROP TABLE ${schema}evolution_checkpoints;
DROP TABLE ${schema}program_evolution_history;
DROP TABLE ${schema}openevolve_evaluations;
