/**
 * Store provider {@code jdbc}: the engine's programs, checkpoints, sampled metrics, patterns and
 * suggestions in PostgreSQL (production) or embedded H2 (default), through HikariCP and Jdbi.
 * Public API: {@link dev.openevolve.store.jdbc.JdbcStore}, {@link dev.openevolve.store.jdbc.JdbcStoreProvider}
 * and {@link dev.openevolve.store.jdbc.JdbcMigrations}; everything else is internal.
 */
package dev.openevolve.store.jdbc;
