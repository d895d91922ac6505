package dev.openevolve.metrics;

import dev.openevolve.spi.MetricsStore;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.ProcessSnapshot;
import dev.openevolve.spi.SampleBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The sampler's background thread: once a second it reads a process snapshot and lets the sampler adapt its rate;
 * it flushes the buffer in batches to the store when a batch is full, when the flush interval is due, on request
 * and on stop.
 *
 * <p>Store failures: any {@link Exception}, and the errors a faulty store can cause without the JVM being in
 * trouble ({@link StackOverflowError}, {@link LinkageError}, {@link AssertionError}), fail the attempt: the batch
 * stays in the buffer and is retried after a backoff doubling from 100 ms up to the flush interval (at least 1 s).
 * Any other error ({@link OutOfMemoryError}, {@link InternalError}, ...) stops the thread: it is logged, samples
 * then fill the buffer and are counted as dropped, and the host never sees it.
 */
final class Flusher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);
    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long PUBLISH_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final MpscRing<SampledOperation> ring;
    private final MetricsStore store;
    private final Clock clock;
    private final LongSupplier ticker;
    private final int batchSize;
    private final long intervalNanos;
    private final long maxBackoffNanos;
    private final Duration timeout;
    private final Runnable onTick;
    private final ProcessReader processReader = new ProcessReader();
    private final ConcurrentLinkedQueue<CompletableFuture<Boolean>> requests = new ConcurrentLinkedQueue<>();
    private volatile Thread thread;
    private volatile boolean stopping;
    private volatile boolean finished;
    private volatile long failures;
    private int consecutiveFailures;
    private long retryAt;
    private ProcessSnapshot snapshot;

    Flusher(MpscRing<SampledOperation> ring, MetricsStore store, Clock clock, LongSupplier ticker, int batchSize,
            Duration flushInterval, Duration timeout, Runnable onTick) {
        this.ring = ring;
        this.store = store;
        this.clock = clock;
        this.ticker = ticker;
        this.batchSize = batchSize;
        this.intervalNanos = saturatedNanos(flushInterval);
        this.maxBackoffNanos = Math.max(intervalNanos, TICK_NANOS);
        this.timeout = timeout;
        this.onTick = onTick;
    }

    void start(ThreadFactory factory) {
        Thread t = factory.newThread(this);
        if (t == null) {
            throw new IllegalStateException("threadFactory returned null for the metrics flusher thread");
        }
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Lets a sleeping flusher look at the buffer now; called by a host thread that filled a batch. */
    void wake() {
        LockSupport.unpark(thread);
    }

    /** Failed store appends so far. */
    long failures() {
        return failures;
    }

    /** Asks the thread to flush everything recorded so far and waits for the outcome, at most the timeout. */
    boolean flushAll() {
        if (Thread.currentThread() == thread) {
            return false;
        }
        CompletableFuture<Boolean> request = new CompletableFuture<>();
        requests.add(request);
        if (finished) {
            request.complete(ring.consumed() == ring.produced());
        }
        wake();
        try {
            return request.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** Stops the thread after a last flush, waiting at most the timeout for it (then interrupting it). */
    void stop() {
        stopping = true;
        Thread t = thread;
        wake();
        if (t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(timeout.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("metrics store did not finish within {}; {} samples still buffered are lost", timeout,
                    ring.produced() - ring.consumed());
            t.interrupt();
        }
    }

    @Override
    public void run() {
        try {
            loop();
            drainOnStop();
        } catch (Throwable fatal) {
            LOG.error("metrics flusher stopped by a fatal error; samples are no longer stored", fatal);
        } finally {
            finished = true;
            answerRequests(ring.consumed() == ring.produced());
        }
    }

    private void loop() {
        long now = System.nanoTime();
        long nextTick = now;
        long nextFlush = now + intervalNanos;
        while (!stopping) {
            Thread.interrupted(); // only stop() ends this thread; a stray interrupt would make parking spin
            now = System.nanoTime();
            if (now - nextTick >= 0) {
                tick();
                nextTick = now + TICK_NANOS;
            }
            boolean requested = !requests.isEmpty();
            boolean due = now - nextFlush >= 0;
            boolean mayRetry = consecutiveFailures == 0 || now - retryAt >= 0;
            if (requested) {
                List<CompletableFuture<Boolean>> waiting = takeRequests();
                boolean outcome = false;
                try {
                    outcome = drain(false);
                } finally {
                    complete(waiting, outcome);
                }
            } else if (mayRetry && (due || ring.produced() - ring.consumed() >= batchSize)) {
                drain(!due);
            }
            if (due) {
                nextFlush = now + intervalNanos;
            }
            long wakeAt = nextTick - nextFlush < 0 ? nextTick : nextFlush;
            if (consecutiveFailures > 0 && retryAt - wakeAt < 0) {
                wakeAt = retryAt;
            }
            long sleep = wakeAt - System.nanoTime();
            if (sleep > 0 && !stopping && requests.isEmpty()) {
                LockSupport.parkNanos(this, sleep);
            }
        }
    }

    private void tick() {
        try {
            snapshot = processReader.read(clock.instant());
        } catch (RuntimeException e) {
            LOG.debug("process snapshot failed", e);
        }
        onTick.run();
    }

    private void drainOnStop() {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!drain(false)) {
            long wait = Math.min(retryAt, deadline) - System.nanoTime();
            if (deadline - System.nanoTime() <= 0 || Thread.currentThread().isInterrupted()) {
                return;
            }
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            }
        }
    }

    /**
     * Appends buffered samples in batches, oldest first: all of them recorded before the call, or with
     * {@code fullBatchesOnly} just the complete batches. Returns whether it got as far as it meant to.
     */
    private boolean drain(boolean fullBatchesOnly) {
        long target = ring.produced();
        while (true) {
            long from = ring.consumed();
            long available = target - from;
            if (available <= 0 || (fullBatchesOnly && available < batchSize)) {
                return true;
            }
            int n = (int) Math.min(available, batchSize);
            List<PerformanceSample> samples = collect(from, n);
            if (samples.isEmpty() || !append(samples)) {
                return false;
            }
            ring.release(from + samples.size());
        }
    }

    private List<PerformanceSample> collect(long from, int n) {
        List<PerformanceSample> samples = new ArrayList<>(n);
        Instant wallNow = clock.instant();
        long nanoNow = ticker.getAsLong();
        for (long i = from; i < from + n; i++) {
            SampledOperation op = awaitPublished(i);
            if (op == null) {
                break;
            }
            samples.add(op.toSample(wallNow, nanoNow));
        }
        return samples;
    }

    /** A producer publishes right after claiming its index; wait a moment for one that was descheduled between. */
    private SampledOperation awaitPublished(long index) {
        SampledOperation op = ring.peek(index);
        long giveUpAt = 0;
        while (op == null) {
            long now = System.nanoTime();
            if (giveUpAt == 0) {
                giveUpAt = now + PUBLISH_WAIT_NANOS;
            } else if (now - giveUpAt >= 0) {
                return null;
            }
            Thread.yield();
            op = ring.peek(index);
        }
        return op;
    }

    private boolean append(List<PerformanceSample> samples) {
        if (snapshot == null) {
            snapshot = processReader.read(clock.instant());
        }
        try {
            store.append(new SampleBatch(samples, snapshot));
        } catch (Exception | StackOverflowError | LinkageError | AssertionError e) {
            failures++;
            consecutiveFailures++;
            long backoff = Math.min(maxBackoffNanos, FIRST_BACKOFF_NANOS << Math.min(consecutiveFailures - 1, 20));
            retryAt = System.nanoTime() + backoff;
            if (consecutiveFailures == 1) {
                LOG.warn("metrics store append of {} samples failed; they stay buffered and are retried", samples.size(),
                        e);
            } else {
                LOG.debug("metrics store append failed again ({} in a row)", consecutiveFailures, e);
            }
            return false;
        }
        if (consecutiveFailures > 0) {
            LOG.info("metrics store append succeeded again after {} failures", consecutiveFailures);
            consecutiveFailures = 0;
        }
        return true;
    }

    private List<CompletableFuture<Boolean>> takeRequests() {
        List<CompletableFuture<Boolean>> taken = new ArrayList<>();
        for (CompletableFuture<Boolean> r = requests.poll(); r != null; r = requests.poll()) {
            taken.add(r);
        }
        return taken;
    }

    private void answerRequests(boolean outcome) {
        complete(takeRequests(), outcome);
    }

    private static void complete(List<CompletableFuture<Boolean>> waiting, boolean outcome) {
        for (CompletableFuture<Boolean> r : waiting) {
            r.complete(outcome);
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }
}
