package dev.openevolve.llm.openai;

import feign.Client;
import feign.Request;
import feign.Response;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * A Feign {@link Client} that hands each response body to the {@link AttemptControl} of the attempt
 * running on the current thread, so that the caller can abort the body read. Thread safe.
 */
final class AbortableClient implements Client {
    private final Client delegate;
    private final ThreadLocal<AttemptControl> current = new ThreadLocal<>();

    AbortableClient(Client delegate) {
        this.delegate = delegate;
    }

    /** Runs {@code action} on this thread with {@code control} receiving the bodies of its responses. */
    <T> T within(AttemptControl control, Supplier<T> action) {
        current.set(control);
        try {
            return action.get();
        } finally {
            current.remove();
        }
    }

    @Override
    public Response execute(Request request, Request.Options options) throws IOException {
        Response response = delegate.execute(request, options);
        AttemptControl control = current.get();
        if (control != null && response.body() != null) {
            control.register(response.body());
        }
        return response;
    }
}
