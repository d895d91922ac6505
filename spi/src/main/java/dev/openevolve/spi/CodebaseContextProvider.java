package dev.openevolve.spi;

import java.nio.file.Path;

/**
 * Summarises a source tree (files, sizes, declarations) into text the prompt sampler shows the
 * model as context; found by {@link java.util.ServiceLoader} under {@link #id()}.
 * Stateless and thread safe.
 */
public interface CodebaseContextProvider {

    /** The stable id, lower case. */
    String id();

    /**
     * Describes the tree under {@code root} in at most {@code maxChars} characters.
     *
     * @throws OpenEvolveException when {@code root} cannot be read, naming it
     */
    String describe(Path root, int maxChars);
}
