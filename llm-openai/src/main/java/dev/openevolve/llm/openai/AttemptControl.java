package dev.openevolve.llm.openai;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets the calling thread abort one attempt that a worker thread runs: the worker registers the
 * response body it reads, and {@link #abort()} closes it, which wakes a blocked read and makes the
 * JDK client drop the connection. (Interrupting the worker aborts an exchange still waiting for its
 * headers, but not a read of the body.) Thread safe.
 */
final class AttemptControl {
    private final List<Closeable> resources = new ArrayList<>(1);
    private boolean aborted;

    /** Closes {@code resource} when the attempt is aborted, at once if it already was. */
    void register(Closeable resource) {
        synchronized (this) {
            if (!aborted) {
                resources.add(resource);
                return;
            }
        }
        closeQuietly(resource);
    }

    /** Closes every registered resource; later registrations are closed at once. Idempotent. */
    void abort() {
        List<Closeable> toClose;
        synchronized (this) {
            aborted = true;
            toClose = List.copyOf(resources);
            resources.clear();
        }
        toClose.forEach(AttemptControl::closeQuietly);
    }

    private static void closeQuietly(Closeable resource) {
        try {
            resource.close();
        } catch (IOException | RuntimeException ignored) {
            // the attempt is being abandoned; a failure to close changes nothing for the caller
        }
    }
}
