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

    /**
     * Whether {@code settings} configure a backend this provider can use: a provider of a remote API answers
     * {@code false} when they name neither an endpoint nor a key. The engine leaves such a model out of the
     * ensemble (and falls back to the offline model when none is left) instead of failing the run.
     *
     * @return {@code true} by default: a local backend needs no endpoint
     */
    default boolean configured(Settings settings) {
        return true;
    }
}
