/**
 * Pattern analysis of sampled performance metrics: {@link dev.openevolve.analysis.StandardScaler}
 * and {@link dev.openevolve.analysis.Dbscan} with scikit-learn's exact semantics, and
 * {@link dev.openevolve.analysis.PatternAnalyzer}, which turns samples into learned patterns.
 */
package dev.openevolve.analysis;
