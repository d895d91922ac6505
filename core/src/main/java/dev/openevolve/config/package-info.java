/**
 * The configuration tree ({@link dev.openevolve.config.OpenEvolveConfig} and its section records), loading
 * from YAML and the environment ({@link dev.openevolve.config.ConfigLoader}) and validation that reports every
 * {@link dev.openevolve.config.ConfigProblem} at once. Every type here is immutable and thread safe except the
 * builder; secrets are masked in every {@code toString} and message.
 */
package dev.openevolve.config;
