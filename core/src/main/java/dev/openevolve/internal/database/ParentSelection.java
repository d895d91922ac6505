package dev.openevolve.internal.database;

import dev.openevolve.spi.Program;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ProgramDatabase#sample} hands to the next iteration: the program to mutate and the
 * programs to show the model beside it. Immutable.
 *
 * @param parent       the program to evolve
 * @param inspirations other programs of the island, in selection order (island best, elites,
 *                     grid neighbours, random); never the parent, no program twice
 */
public record ParentSelection(Program parent, List<Program> inspirations) {
    public ParentSelection {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(inspirations, "inspirations");
        inspirations = List.copyOf(inspirations);
        for (Program inspiration : inspirations) {
            if (inspiration.id().equals(parent.id())) {
                throw new IllegalArgumentException("inspirations must not contain the parent '" + parent.id() + "'");
            }
        }
    }
}
