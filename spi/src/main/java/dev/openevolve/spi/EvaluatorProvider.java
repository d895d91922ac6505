package dev.openevolve.spi;

/**
 * Creates {@link Evaluator}s of one kind (for example {@code command}, {@code java},
 * {@code python}); found by {@link java.util.ServiceLoader} under {@link #id()}.
 * Implementations must have a public no-argument constructor, be stateless and thread safe.
 */
public interface EvaluatorProvider {

    /** The stable id the host names in configuration, lower case. */
    String id();

    /**
     * Creates an evaluator.
     *
     * @param settings provider-specific options (for example {@code path}, {@code timeout_seconds});
     *                 an invalid option fails with a message naming it
     */
    Evaluator create(Settings settings);
}
