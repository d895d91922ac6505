/**
 * Plugin discovery and the configuration-to-plugin bridge: {@link dev.openevolve.plugin.Providers} finds providers
 * by id through {@link java.util.ServiceLoader} and diagnoses missing, duplicate and broken ones;
 * {@link dev.openevolve.plugin.Stores} opens the store a {@code StorageConfig} names and
 * {@link dev.openevolve.plugin.Models} builds the language model an {@code LlmConfig} names. Each provider derives
 * its own defaults from its own settings: the engine knows no provider but the built-in ones.
 */
package dev.openevolve.plugin;
