package dev.openevolve.spi;

/**
 * Creates {@link LanguageModel}s of one backend (for example {@code mutation}, {@code openai});
 * found by {@link java.util.ServiceLoader} under {@link #id()}. Implementations need a public
 * no-argument constructor and must be stateless and thread safe.
 */
public interface LanguageModelProvider {

    /** The stable id the host names in configuration, lower case. */
    String id();

    /**
     * Creates a model.
     *
     * @param settings backend options such as {@code model}, {@code base_url}, {@code api_key},
     *                 {@code temperature}; an invalid option fails with a message naming it
     */
    LanguageModel create(Settings settings);
}
