/**
 * The run report: one self-contained HTML page (inline CSS and SVG, nothing fetched at view time) drawn
 * from what a run left in its store. Entry point: {@link dev.openevolve.report.RunReport}.
 */
package dev.openevolve.report;
