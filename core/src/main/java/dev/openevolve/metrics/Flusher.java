package dev.openevolve.metrics;

import dev.openevolve.spi.MetricsStore;
import dev.openevolve.spi.ProcessSnapshot;
import dev.openevolve.spi.SampleBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The sampler's background thread: once a second it reads a process snapshot and lets the sampler adapt its rate;
 * it hands the buffer to the store in batches when a batch is full, when the flush interval is due, on request and
 * on stop, and after each batch tells the sampler how full the buffer still is.
 *
 * <p>Store failures: any {@link Exception}, and the errors a faulty store can cause without the JVM being in
 * trouble ({@link StackOverflowError}, {@link LinkageError}, {@link AssertionError}), fail the attempt: the batch
 * stays in the buffer and is retried at once, then after a backoff doubling from 10 ms up to 1 s while the store
 * keeps failing, so a store that fails now and then costs no wait and a store that is down costs little CPU. Any
 * other error ({@link OutOfMemoryError}, {@link InternalError}, ...) stops the thread: it is logged, samples then
 * fill the buffer and are counted as dropped, and the host never sees it.
 *
 * <p>Stopping is bounded: {@link #stop(Duration)} waits at most its bound; a thread still inside the store then is
 * abandoned — it stores nothing more and ends as soon as the store returns. It is not interrupted: an interrupt
 * during NIO file I/O closes the channel, which closes an embedded H2 database for every user of the store.
 */
final class Flusher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);
    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long PUBLISH_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** The thread stops draining this long before the stop bound, to end within it. */
    private static final long STOP_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long RETURN_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MIN_POLL_MILLIS = 1;
    private static final long MAX_POLL_MILLIS = 50;
    private static final long MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(MIN_POLL_MILLIS);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_POLL_MILLIS);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final SampleRing ring;
    private final MetricsStore store;
    private final Clock clock;
    private final LongSupplier ticker;
    private final int batchSize;
    private final long intervalNanos;
    private final Runnable onTick;
    private final LongConsumer onBacklog;
    private final ProcessReader processReader = new ProcessReader();
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private volatile Thread thread;
    private volatile boolean stopping;
    private volatile long stopDeadline;
    private volatile boolean abandoned;
    private volatile boolean finished;
    private volatile long failures;
    private int consecutiveFailures;
    private long retryAt;
    private long lastWarnAt;
    private ProcessSnapshot snapshot;
    private final long pollBatch;
    private long pollNanos = MIN_POLL_NANOS;
    private long producedAtLastPoll;
    private final SampleBatch.Builder builder;

    /** A caller of {@link #flush} waiting until the store accepted everything before {@code target}. */
    private record Request(long target, CompletableFuture<Boolean> done) {
    }

    Flusher(SampleRing ring, MetricsStore store, Clock clock, LongSupplier ticker, int batchSize,
            Duration flushInterval, Runnable onTick, LongConsumer onBacklog) {
        this.ring = ring;
        this.store = store;
        this.clock = clock;
        this.ticker = ticker;
        this.batchSize = batchSize;
        this.intervalNanos = saturatedNanos(flushInterval);
        this.onTick = onTick;
        this.onBacklog = onBacklog;
        this.builder = SampleBatch.builder(batchSize);
        // what a poll should find: at least a batch and an eighth of the buffer, so that each drains several batches
        this.pollBatch = Math.max(batchSize, ring.capacity() / 8);
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

    /** Lets a sleeping flusher look at the buffer now; called by a host thread that found the buffer half full. */
    void wake() {
        LockSupport.unpark(thread);
    }

    /** Failed store appends so far. */
    long failures() {
        return failures;
    }

    /**
     * Asks the thread to hand everything recorded so far to the store and waits until it did, at most
     * {@code timeout}; failed appends are retried meanwhile. Returns whether everything reached the store.
     */
    boolean flush(Duration timeout) {
        long target = ring.produced();
        if (ring.consumed() >= target) {
            return true;
        }
        if (Thread.currentThread() == thread) {
            return false;
        }
        Request request = new Request(target, new CompletableFuture<>());
        requests.add(request);
        if (finished) {
            answerRequests();
        }
        wake();
        try {
            return request.done.get(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } finally {
            requests.remove(request);
        }
    }

    /**
     * Stops the thread after a last flush, waiting at most {@code bound}; a thread still busy in the store then is
     * abandoned. Returns the samples that were not written.
     */
    long stop(Duration bound) {
        long boundNanos = saturatedNanos(bound);
        // the joins end a little before the bound so that what close() does after them still fits within it
        long deadline = System.nanoTime() + boundNanos - Math.min(boundNanos / 20, RETURN_MARGIN_NANOS);
        stopDeadline = deadline - Math.min(boundNanos / 10, STOP_MARGIN_NANOS);
        stopping = true;
        Thread t = thread;
        wake();
        if (t != Thread.currentThread()) {
            try {
                for (long left = deadline - System.nanoTime(); left > 0 && t.isAlive();
                     left = deadline - System.nanoTime()) {
                    t.join(TimeUnit.NANOSECONDS.toMillis(left), (int) (left % 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                abandoned = true; // not interrupted: an interrupt in NIO file I/O closes the channel, and H2 with it
            }
        }
        long unwritten = ring.produced() - ring.consumed();
        if (unwritten > 0) {
            LOG.warn("metrics sampler closed with {} samples not written: the store did not take them within {}{}",
                    unwritten, bound, abandoned ? "; its thread is abandoned and stores nothing more" : "");
        }
        return unwritten;
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
            answerRequests();
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
            boolean due = now - nextFlush >= 0;
            boolean mayTry = consecutiveFailures == 0 || now - retryAt >= 0;
            long buffered = ring.produced() - ring.consumed();
            if (mayTry && buffered > 0 && (due || !requests.isEmpty() || buffered >= batchSize)) {
                drain(due || !requests.isEmpty() ? ring.produced() : -1);
            }
            if (due) {
                nextFlush = now + intervalNanos;
            }
            answerRequests();
            long wakeAt = nextTick - nextFlush < 0 ? nextTick : nextFlush;
            if (consecutiveFailures > 0 && retryAt - wakeAt < 0) {
                wakeAt = retryAt;
            }
            long poll = now + pollNanos;
            boolean polling = poll - wakeAt < 0;
            if (polling) {
                wakeAt = poll;
            }
            long sleep = wakeAt - System.nanoTime();
            boolean work = ring.produced() - ring.consumed() >= batchSize || !requests.isEmpty();
            if (sleep > 0 && !stopping && (!work || consecutiveFailures > 0)) {
                LockSupport.parkNanos(this, sleep);
                if (polling) {
                    adaptPoll();
                }
            }
        }
    }

    /**
     * Adapts how long the thread sleeps when it has nothing to do: host threads wake it only when the buffer is
     * getting full (a wake-up from a host thread tends to be scheduled on that thread's core and preempt it), so it
     * polls. Called after each poll: the period halves while more than a wake distance arrived since the last, and
     * doubles while less than a quarter of it did, within [{@value #MIN_POLL_MILLIS}, {@value #MAX_POLL_MILLIS}] ms.
     */
    private void adaptPoll() {
        long produced = ring.produced();
        long arrived = produced - producedAtLastPoll;
        producedAtLastPoll = produced;
        if (arrived > pollBatch) {
            pollNanos = Math.max(MIN_POLL_NANOS, pollNanos / 2);
        } else if (arrived < pollBatch / 4) {
            pollNanos = Math.min(MAX_POLL_NANOS, pollNanos * 2);
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
        while (!abandoned && !drain(ring.produced())) {
            long now = System.nanoTime();
            if (now - stopDeadline >= 0) {
                return;
            }
            long wait = (consecutiveFailures > 0 ? Math.min(retryAt - now, stopDeadline - now) : 0);
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            }
        }
    }

    /**
     * Appends buffered samples in batches, oldest first: all of them before {@code target}, or with
     * {@code target < 0} just the complete batches. Returns whether it got as far as it meant to.
     */
    private boolean drain(long target) {
        boolean fullBatchesOnly = target < 0;
        while (!abandoned) {
            long from = ring.consumed();
            long available = (fullBatchesOnly ? ring.produced() : target) - from;
            if (available <= 0 || (fullBatchesOnly && available < batchSize)) {
                return true;
            }
            if (stopping && System.nanoTime() - stopDeadline >= 0) {
                return false;
            }
            int n = collect(from, (int) Math.min(available, batchSize));
            if (n == 0 || !append()) {
                return false;
            }
            ring.release(from + n);
            answerRequests();
            onBacklog.accept(ring.produced() - ring.consumed());
        }
        return false;
    }

    /** Copies up to {@code n} published samples from {@code from} into the builder; returns how many. */
    private int collect(long from, int n) {
        Instant wallNow = clock.instant();
        long nanoNow = ticker.getAsLong();
        for (int i = 0; i < n; i++) {
            if (!awaitPublished(from + i)) {
                return i;
            }
            ring.copyTo(from + i, builder, wallNow.getEpochSecond(), wallNow.getNano(), nanoNow);
        }
        return n;
    }

    /** A producer publishes right after claiming its index; wait a moment for one that was descheduled between. */
    private boolean awaitPublished(long index) {
        long giveUpAt = 0;
        while (!ring.isPublished(index)) {
            long now = System.nanoTime();
            if (giveUpAt == 0) {
                giveUpAt = now + PUBLISH_WAIT_NANOS;
            } else if (now - giveUpAt >= 0) {
                return false;
            }
            Thread.yield();
        }
        return true;
    }

    private ProcessSnapshot snapshot() {
        if (snapshot == null) {
            snapshot = processReader.read(clock.instant());
        }
        return snapshot;
    }

    private boolean append() {
        SampleBatch batch = builder.build(snapshot());
        try {
            store.append(batch);
        } catch (Exception | StackOverflowError | LinkageError | AssertionError e) {
            failures++;
            consecutiveFailures++;
            long backoff = consecutiveFailures == 1 ? 0
                    : Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(consecutiveFailures - 2, 20));
            retryAt = System.nanoTime() + backoff;
            long now = System.nanoTime();
            if (consecutiveFailures == 1 && (lastWarnAt == 0 || now - lastWarnAt >= WARN_EVERY_NANOS)) {
                lastWarnAt = now;
                LOG.warn("metrics store append of {} samples failed; they stay buffered and are retried (further"
                        + " failures within a minute are logged at debug level)", batch.size(), e);
            } else {
                LOG.debug("metrics store append failed again ({} in a row)", consecutiveFailures, e);
            }
            return false;
        }
        if (consecutiveFailures > 2) {
            LOG.info("metrics store append succeeded again after {} failures", consecutiveFailures);
        }
        consecutiveFailures = 0;
        return true;
    }

    private void answerRequests() {
        long consumed = ring.consumed();
        boolean done = finished;
        for (Iterator<Request> it = requests.iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (consumed >= r.target) {
                r.done.complete(true);
                it.remove();
            } else if (done) {
                r.done.complete(false);
                it.remove();
            }
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
