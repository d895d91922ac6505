/**
 * The continuous-learning loop: {@link dev.openevolve.loop.OptimizationLoop} turns sampled metrics into patterns and
 * ranked suggestions, evolves code for registered {@link dev.openevolve.loop.EvolutionTarget}s, and rolls changes out
 * through a {@link dev.openevolve.loop.DeploymentHandler} under a {@link dev.openevolve.loop.Phase} gate, validating
 * each deployment against its baseline and rolling back on degradation. Events ({@link dev.openevolve.loop.EventTypes})
 * drive it; {@link dev.openevolve.loop.LoopSettings} and {@link dev.openevolve.loop.Feature} flags configure it.
 */
package dev.openevolve.loop;
