/**
 * The MAP-Elites / island program database of the evolution engine: {@link dev.openevolve.database.ProgramDatabase}
 * and the {@link dev.openevolve.database.ParentSelection} it samples.
 */
package dev.openevolve.database;
