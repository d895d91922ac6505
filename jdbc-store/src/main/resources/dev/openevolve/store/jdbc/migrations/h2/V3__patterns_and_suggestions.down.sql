DROP TABLE ${schema}optimization_suggestions;
DROP TABLE ${schema}learned_patterns;
