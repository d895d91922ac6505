/**
 * The MAP-Elites / island program database of the evolution engine: {@link dev.openevolve.internal.database.ProgramDatabase}
 * and the {@link dev.openevolve.internal.database.ParentSelection} it samples.
 */
package dev.openevolve.internal.database;
