package dev.openevolve.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How prompts are built (OpenEvolve's {@code prompt} section). Immutable and thread safe.
 * The canonical constructor accepts any value so that loading can report every problem at once; the
 * {@code with…} methods reject a bad argument with an {@link IllegalArgumentException} naming it, and
 * {@link OpenEvolveConfig#validate()} checks the whole tree.
 *
 * @param systemMessage      the system message, not blank
 * @param numTopPrograms     top programs shown, at least 0
 * @param numDiversePrograms diverse programs (inspirations) shown, at least 0
 * @param includeArtifacts   show evaluator artifacts of the parent
 * @param maxArtifactChars   characters of artifacts shown at most, at least 0
 * @param templateDir        an existing directory whose templates override the built-in ones, or {@code null}
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

    /** A copy with {@code systemMessage} set; not blank. */
    public PromptConfig withSystemMessage(String systemMessage) {
        Objects.requireNonNull(systemMessage, "systemMessage");
        return checked(new PromptConfig(systemMessage, numTopPrograms, numDiversePrograms, includeArtifacts,
                maxArtifactChars, templateDir), "system_message", "systemMessage");
    }

    /** A copy with {@code numTopPrograms} set; at least 0. */
    public PromptConfig withNumTopPrograms(int numTopPrograms) {
        return checked(new PromptConfig(systemMessage, numTopPrograms, numDiversePrograms, includeArtifacts,
                maxArtifactChars, templateDir), "num_top_programs", "numTopPrograms");
    }

    /** A copy with {@code numDiversePrograms} set; at least 0. */
    public PromptConfig withNumDiversePrograms(int numDiversePrograms) {
        return checked(new PromptConfig(systemMessage, numTopPrograms, numDiversePrograms, includeArtifacts,
                maxArtifactChars, templateDir), "num_diverse_programs", "numDiversePrograms");
    }

    /** A copy with {@code includeArtifacts} set. */
    public PromptConfig withIncludeArtifacts(boolean includeArtifacts) {
        return new PromptConfig(systemMessage, numTopPrograms, numDiversePrograms, includeArtifacts, maxArtifactChars,
                templateDir);
    }

    /** A copy with {@code maxArtifactChars} set; at least 0. */
    public PromptConfig withMaxArtifactChars(int maxArtifactChars) {
        return checked(new PromptConfig(systemMessage, numTopPrograms, numDiversePrograms, includeArtifacts,
                maxArtifactChars, templateDir), "max_artifact_chars", "maxArtifactChars");
    }

    /** A copy with {@code templateDir} set; an existing directory, or {@code null} for the built-in templates. */
    public PromptConfig withTemplateDir(Path templateDir) {
        return checked(new PromptConfig(systemMessage, numTopPrograms, numDiversePrograms, includeArtifacts,
                maxArtifactChars, templateDir), "template_dir", "templateDir");
    }

    private static PromptConfig checked(PromptConfig candidate, String key, String argument) {
        return ConfigValidator.checked(candidate, (c, p) -> ConfigValidator.prompt(c, "", p), key, argument);
    }
}
