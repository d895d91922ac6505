package dev.openevolve.spi;

/**
 * Proposes program changes: given a {@link Prompt}, answers with text that holds
 * {@code <<<<<<< SEARCH / ======= / >>>>>>> REPLACE} diff blocks or a full rewrite.
 *
 * <p>Implementations must be thread safe: the engine calls {@link #complete} from several
 * threads. A call that fails throws {@link ModelException}, saying whether a retry may help.
 * Lifecycle: created by a {@link LanguageModelProvider} or the host, closed by its creator.
 */
public interface LanguageModel extends AutoCloseable {

    /** The model's name as shown in logs and usage accounting. */
    String name();

    /**
     * Generates one answer.
     *
     * @throws ModelException when the call failed after the model's own retries
     */
    Completion complete(Prompt prompt);

    /** Releases connections or threads. Idempotent. */
    @Override
    default void close() {
    }
}
