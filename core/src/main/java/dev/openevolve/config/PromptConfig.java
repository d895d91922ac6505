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
 * @param templateDir        an existing directory whose templates override the built-in ones, or {@code null}; it may
 *                           hold this library's template files, OpenEvolve's ({@code system_message.txt},
 *                           {@code evolution_history.txt}, … and {@code fragments.json}) or both
 * @param programsAsChangesDescription OpenEvolve's changes-description mode: every program carries a description
 *                           of itself as a list of changes, which prompts show instead of other programs' code and
 *                           which the model must update with a SEARCH/REPLACE block beside its code changes; needs
 *                           diff-based evolution
 * @param systemMessageChangesDescription the instructions for that mode added to the system message; empty for the
 *                           built-in (or the template directory's) {@code system_message_changes_description.txt}
 * @param initialChangesDescription the description of the initial program in that mode; may be empty
 */
public record PromptConfig(String systemMessage, int numTopPrograms, int numDiversePrograms, boolean includeArtifacts,
                           int maxArtifactChars, Path templateDir, boolean programsAsChangesDescription,
                           String systemMessageChangesDescription, String initialChangesDescription) {
    public PromptConfig {
        Objects.requireNonNull(systemMessage, "systemMessage");
        Objects.requireNonNull(systemMessageChangesDescription, "systemMessageChangesDescription");
        Objects.requireNonNull(initialChangesDescription, "initialChangesDescription");
    }

    /** A configuration without changes-description mode. */
    public PromptConfig(String systemMessage, int numTopPrograms, int numDiversePrograms, boolean includeArtifacts,
                        int maxArtifactChars, Path templateDir) {
        this(systemMessage, numTopPrograms, numDiversePrograms, includeArtifacts, maxArtifactChars, templateDir, false,
                "", "");
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
                maxArtifactChars, templateDir, programsAsChangesDescription,
                systemMessageChangesDescription, initialChangesDescription), "system_message", "systemMessage");
    }

    /** A copy with {@code numTopPrograms} set; at least 0. */
    public PromptConfig withNumTopPrograms(int numTopPrograms) {
        return checked(new PromptConfig(systemMessage, numTopPrograms, numDiversePrograms, includeArtifacts,
                maxArtifactChars, templateDir, programsAsChangesDescription,
                systemMessageChangesDescription, initialChangesDescription), "num_top_programs", "numTopPrograms");
    }

    /** A copy with {@code numDiversePrograms} set; at least 0. */
    public PromptConfig withNumDiversePrograms(int numDiversePrograms) {
        return checked(new PromptConfig(systemMessage, numTopPrograms, numDiversePrograms, includeArtifacts,
                maxArtifactChars, templateDir, programsAsChangesDescription,
                systemMessageChangesDescription, initialChangesDescription), "num_diverse_programs", "numDiversePrograms");
    }

    /** A copy with {@code includeArtifacts} set. */
    public PromptConfig withIncludeArtifacts(boolean includeArtifacts) {
        return new PromptConfig(systemMessage, numTopPrograms, numDiversePrograms, includeArtifacts, maxArtifactChars,
                templateDir, programsAsChangesDescription, systemMessageChangesDescription, initialChangesDescription);
    }

    /** A copy with {@code maxArtifactChars} set; at least 0. */
    public PromptConfig withMaxArtifactChars(int maxArtifactChars) {
        return checked(new PromptConfig(systemMessage, numTopPrograms, numDiversePrograms, includeArtifacts,
                maxArtifactChars, templateDir, programsAsChangesDescription,
                systemMessageChangesDescription, initialChangesDescription), "max_artifact_chars", "maxArtifactChars");
    }

    /** A copy with {@code templateDir} set; an existing directory, or {@code null} for the built-in templates. */
    public PromptConfig withTemplateDir(Path templateDir) {
        return checked(new PromptConfig(systemMessage, numTopPrograms, numDiversePrograms, includeArtifacts,
                maxArtifactChars, templateDir, programsAsChangesDescription,
                systemMessageChangesDescription, initialChangesDescription), "template_dir", "templateDir");
    }

    /**
     * A copy with OpenEvolve's changes-description mode set: {@code enabled}, the mode's system-message instructions
     * (empty for the template's) and the initial program's description.
     */
    public PromptConfig withChangesDescription(boolean enabled, String systemMessageChangesDescription,
                                               String initialChangesDescription) {
        Objects.requireNonNull(systemMessageChangesDescription, "systemMessageChangesDescription");
        Objects.requireNonNull(initialChangesDescription, "initialChangesDescription");
        return new PromptConfig(systemMessage, numTopPrograms, numDiversePrograms, includeArtifacts, maxArtifactChars,
                templateDir, enabled, systemMessageChangesDescription, initialChangesDescription);
    }

    private static PromptConfig checked(PromptConfig candidate, String key, String argument) {
        return ConfigValidator.checked(candidate, (c, p) -> ConfigValidator.prompt(c, "", p), key, argument);
    }
}
