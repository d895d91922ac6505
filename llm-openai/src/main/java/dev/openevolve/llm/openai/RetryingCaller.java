package dev.openevolve.llm.openai;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one call as a series of attempts under a total deadline. Each attempt runs on a worker
 * thread while the caller waits at most until the deadline; when it passes, the attempt is aborted:
 * its response body is closed and the worker interrupted, so that the JDK client drops the exchange
 * and its connection whether it was still waiting for headers or reading the body. Between attempts
 * the caller waits as the {@link RetryPolicy} says, never past the deadline. Thread safe.
 */
final class RetryingCaller {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingCaller.class);

    /** One attempt, given how long it may wait for the response and the control that can abort it. */
    @FunctionalInterface
    interface Attempt<T> {
        /** @throws AttemptFailure when the attempt failed */
        T run(Duration timeout, AttemptControl control);
    }

    private final String model;
    private final Endpoint endpoint;
    private final RetryPolicy policy;
    private final Duration deadline;
    private final Duration requestTimeout;
    private final OpenAiModel.Sleeper sleeper;
    private final ExecutorService workers;
    private final ExceptionFactory failures;

    RetryingCaller(String model, Endpoint endpoint, RetryPolicy policy, Duration deadline, Duration requestTimeout,
                   OpenAiModel.Sleeper sleeper, ExecutorService workers) {
        this.model = model;
        this.endpoint = endpoint;
        this.policy = policy;
        this.deadline = deadline;
        this.requestTimeout = requestTimeout;
        this.sleeper = sleeper;
        this.workers = workers;
        this.failures = new ExceptionFactory(model, endpoint);
    }

    /** Runs {@code attempt} until it succeeds, fails for good, or the deadline passes. */
    <T> T call(Attempt<T> attempt) {
        final long start = System.nanoTime();
        final long end = start + deadline.toNanos();
        AttemptFailure last = null;
        for (int n = 1; ; n++) {
            long remaining = end - System.nanoTime();
            if (remaining <= 0) {
                throw failures.deadline(deadline, n - 1, last, null);
            }
            Duration timeout = Duration.ofNanos(Math.min(requestTimeout.toNanos(), remaining));
            var control = new AttemptControl();
            Future<T> future;
            try {
                future = workers.submit(() -> attempt.run(timeout, control));
            } catch (RejectedExecutionException closed) {
                throw failures.aborted("the model is closed", n - 1, null);
            }
            try {
                T result = future.get(remaining, TimeUnit.NANOSECONDS);
                if (LOG.isDebugEnabled()) {
                    LOG.debug("model '{}' at {} answered in {} ({} {})", model, endpoint,
                            DurationText.show(Duration.ofNanos(System.nanoTime() - start)), n, n == 1 ? "attempt" : "attempts");
                }
                return result;
            } catch (TimeoutException expired) {
                abort(future, control);
                throw failures.deadline(deadline, n, last, null);
            } catch (InterruptedException interrupted) {
                abort(future, control);
                Thread.currentThread().interrupt();
                throw failures.aborted("the calling thread was interrupted", n, interrupted);
            } catch (CancellationException cancelled) {
                throw failures.aborted("the model was closed during the call", n, null);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof AttemptFailure failure)) {
                    throw unexpected(e.getCause(), n);
                }
                last = failure;
            }
            if (workers.isShutdown()) {
                throw failures.aborted("the model was closed during the call", n, null);
            }
            if (!policy.retryable(last) || n >= policy.maxAttempts()) {
                throw failures.give(last, n);
            }
            Duration wait = policy.delay(n, last);
            if (System.nanoTime() + wait.toNanos() >= end) {
                throw failures.deadline(deadline, n, last, wait);
            }
            LOG.warn("model '{}' at {}: {}; retrying in {} (attempt {} of {})", model, endpoint,
                    ExceptionFactory.describe(last), DurationText.show(wait), n + 1, policy.maxAttempts());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw failures.aborted("the calling thread was interrupted while waiting to retry", n, interrupted);
            }
        }
    }

    private static void abort(Future<?> future, AttemptControl control) {
        control.abort();
        future.cancel(true);
    }

    private RuntimeException unexpected(Throwable cause, int attempts) {
        if (cause instanceof Error error) {
            throw error;
        }
        if (cause instanceof feign.FeignException) {
            // never chain Feign exceptions: they hold the request and its headers
            return failures.aborted("unexpected failure (" + cause.getClass().getSimpleName() + ")", attempts, null);
        }
        return failures.aborted("unexpected failure (" + cause.getClass().getSimpleName() + ")", attempts, cause);
    }
}
