package dev.openevolve.codegraph;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A proposed insertion of {@code EVOLVE-BLOCK-START}/{@code EVOLVE-BLOCK-END} markers around one definition:
 * previewed by {@link EvolveBlocks#preview}, written by {@link EvolveBlocks#apply}. Immutable.
 *
 * @param file       the file on disk
 * @param definition the definition the block surrounds
 * @param original   the file's content the proposal was made from
 * @param proposed   the content with the markers
 * @param diff       the change as a unified diff, for people to review
 */
public record EvolveBlockInsertion(Path file, Definition definition, String original, String proposed, String diff) {
    public EvolveBlockInsertion {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(proposed, "proposed");
        Objects.requireNonNull(diff, "diff");
    }
}
