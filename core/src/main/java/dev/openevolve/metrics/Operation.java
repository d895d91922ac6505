package dev.openevolve.metrics;

/**
 * The handle of one host operation, returned by {@link MetricsSampler#start(String, String)} and closed when the
 * operation ends ({@code try (var op = sampler.start("checkout", "price")) { ... }}).
 *
 * <p>Most operations are not sampled: their handle is a shared no-op whose methods only check their
 * arguments. A sampled handle measures the operation between {@code start} and {@link #close()}.
 *
 * <p>Not thread safe: use a handle on the thread that started it and close it on that thread (allocated bytes and
 * CPU time are per thread). Calls after {@link #close()} are ignored until the same thread starts its next sampled
 * operation: a closed handle is then reused for that one, so do not keep a handle beyond its operation.
 */
public interface Operation extends AutoCloseable {

    /**
     * Attaches a small attribute to the sample; the last value of a key wins and at most
     * {@value MetricsSampler#MAX_CONTEXT_ENTRIES} distinct keys are kept (later keys are ignored).
     *
     * @return this handle
     * @throws NullPointerException when {@code key} or {@code value} is null (sampled or not)
     */
    Operation context(String key, String value);

    /**
     * Marks the operation as failed with {@code message} (may be {@code null}: a failure without message).
     *
     * @return this handle
     */
    Operation fail(String message);

    /**
     * Marks the operation as failed; the recorded message is the error's message, or its class name when it has
     * none.
     *
     * @return this handle
     * @throws NullPointerException when {@code error} is null
     */
    Operation fail(Throwable error);

    /** Whether this operation is being measured (false for the shared no-op handle). */
    boolean sampled();

    /** Ends the operation and hands its sample to the sampler's buffer; idempotent, never throws. */
    @Override
    void close();
}
