package dev.openevolve;

import dev.openevolve.spi.Program;
import dev.openevolve.spi.Prompt;

/** An iteration whose parent and prompt were fixed on the coordinating thread. */
record PlannedIteration(long iteration, int island, Program parent, Prompt prompt) {
}
