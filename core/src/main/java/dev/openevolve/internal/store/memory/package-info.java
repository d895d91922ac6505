/**
 * The in-memory store (provider id {@code memory}): everything in the heap, bounded where the data
 * is an unbounded stream. The default when no database is configured.
 */
package dev.openevolve.internal.store.memory;
