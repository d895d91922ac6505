package dev.openevolve.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How prompts are built (OpenEvolve's {@code prompt} section). Immutable.
 *
 * @param systemMessage      the system message
 * @param numTopPrograms     top programs shown, at least 0
 * @param numDiversePrograms diverse programs (inspirations) shown, at least 0
 * @param includeArtifacts   show evaluator artifacts of the parent
 * @param maxArtifactChars   characters of artifacts shown at most
 * @param templateDir        a directory whose templates override the built-in ones, or {@code null}
 */
public record PromptConfig(String systemMessage, int numTopPrograms, int numDiversePrograms, boolean includeArtifacts,
                           int maxArtifactChars, Path templateDir) {
    public PromptConfig {
        Objects.requireNonNull(systemMessage, "systemMessage");
    }

    /** Defaults after OpenEvolve's. */
    public static PromptConfig defaults() {
        return new PromptConfig("You are an expert software developer. Improve the program so that it scores "
                + "higher on the evaluator's metrics. Keep the program correct.", 3, 2, true, 4000, null);
    }

    /** The template override directory, if any. */
    public Optional<Path> templates() {
        return Optional.ofNullable(templateDir);
    }
}
