/**
 * Plugin discovery: {@link dev.openevolve.plugin.Providers} finds providers by id through
 * {@link java.util.ServiceLoader} and diagnoses missing, duplicate and broken ones.
 */
package dev.openevolve.plugin;
