DROP TABLE ${schema}system_performance_metrics;
