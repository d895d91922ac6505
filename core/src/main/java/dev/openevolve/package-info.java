/**
 * The evolution engine's entry point: {@link dev.openevolve.Controller} runs OpenEvolve's loop (sample a parent and
 * inspirations from the program database, prompt the model, apply its diff, evaluate, add, checkpoint) for a host,
 * and answers with a {@link dev.openevolve.RunResult}; {@link dev.openevolve.Controller#startEvolutionCycle} runs
 * a cycle in the background and answers a {@link dev.openevolve.CycleStart}. Progress reaches
 * {@link dev.openevolve.EvolutionListener}s as {@link dev.openevolve.IterationEvent}s; a run ends for a
 * {@link dev.openevolve.StopReason}. How the loop works, what makes it repeatable and how it resumes:
 * {@code docs/engine.md}.
 */
package dev.openevolve;
