/**
 * Suggestions: {@link dev.openevolve.suggest.ImprovementEngine} turns learned performance patterns into
 * ranked, stable-id {@link dev.openevolve.spi.Suggestion}s.
 */
package dev.openevolve.suggest;
