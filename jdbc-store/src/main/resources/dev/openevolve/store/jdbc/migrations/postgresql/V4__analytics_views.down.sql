DROP VIEW ${schema}top_optimization_opportunities;
DROP VIEW ${schema}performance_summary;
