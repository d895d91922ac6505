package dev.openevolve.metrics;

import dev.openevolve.spi.MetricsStore;
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
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The sampler's background thread: once a second it lets the sampler adapt its rate and marks the process snapshot
 * for a fresh read with the next batch;
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
    /** The thread stops draining this long before the stop bound, to end within it. */
    private static final long STOP_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long RETURN_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MIN_POLL_MILLIS = 1;
    /** The longest poll while samples arrive: the buffer's working set stays small, the batches regular. */
    private static final long MAX_POLL_MILLIS = 50;
    /**
     * The longest sleep when no sample arrived at all since the last poll: the once-a-second tick's period. Each
     * wake-up costs CPU time (25–80 µs of thread CPU per timed park on a cloud VM): an idle thread polling every
     * 50 ms used about 3 ms of CPU a second doing nothing. Host threads still wake it when the buffer is half full.
     */
    private static final long IDLE_POLL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(MIN_POLL_MILLIS);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_POLL_MILLIS);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final SampleBuffer buffer;
    private final MetricsStore store;
    private final Clock clock;
    private final LongSupplier ticker;
    private final int batchSize;
    private final long intervalNanos;
    private final Runnable onTick;
    private final LongConsumer onBacklog;
    private final ProcessReader processReader = new ProcessReader();
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    /** Requests taken from {@link #requests} whose samples are the buffer's targets now; flusher thread only. */
    private final List<Request> marked = new ArrayList<>();
    /** Whether the buffer's targets are not all written yet; flusher thread only. */
    private boolean flushing;
    /** Samples buffered after the last batch the store accepted; flusher thread only. */
    private long lastBuffered;
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
    /** Whether a tick passed since {@link #snapshot} was read. */
    private boolean stale;
    private final long pollBatch;
    private long pollNanos = MIN_POLL_NANOS;
    private long producedAtLastPoll;
    private final SampleBatch.Builder builder;

    /** A caller of {@link #flush} waiting until the store accepted everything recorded before the call. */
    private record Request(CompletableFuture<Boolean> done) {
    }

    Flusher(SampleBuffer buffer, MetricsStore store, Clock clock, LongSupplier ticker, int batchSize,
            Duration flushInterval, Runnable onTick, LongConsumer onBacklog) {
        this.buffer = buffer;
        this.store = store;
        this.clock = clock;
        this.ticker = ticker;
        this.batchSize = batchSize;
        this.intervalNanos = saturatedNanos(flushInterval);
        this.onTick = onTick;
        this.onBacklog = onBacklog;
        this.builder = SampleBatch.builder(batchSize);
        // what a poll should find: at least a batch and an eighth of the buffer, so that each drains several batches
        this.pollBatch = Math.max(batchSize, buffer.capacity() / 8);
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
        if (buffer.buffered() == 0) {
            return true;
        }
        if (Thread.currentThread() == thread) {
            return false;
        }
        Request request = new Request(new CompletableFuture<>());
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
        long unwritten = buffer.buffered();
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
            answer(marked, !flushing);
            marked.clear();
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
            if (due || !requests.isEmpty()) {
                markTargets();
            }
            boolean mayTry = consecutiveFailures == 0 || now - retryAt >= 0;
            if (mayTry && flushing) {
                drainToTargets();
            } else if (mayTry) {
                drainBatches();
            }
            if (due) {
                nextFlush = now + intervalNanos;
            }
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
            boolean work = flushing || !requests.isEmpty() || buffer.buffered() >= batchSize;
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
     * doubles while less than a quarter of it did, within [{@value #MIN_POLL_MILLIS}, {@value #MAX_POLL_MILLIS}] ms;
     * while nothing arrives at all it doubles up to a second, and the first sample after that brings it back within
     * {@value #MAX_POLL_MILLIS} ms.
     */
    private void adaptPoll() {
        long produced = buffer.counts().recorded();
        long arrived = produced - producedAtLastPoll;
        producedAtLastPoll = produced;
        if (arrived == 0) {
            pollNanos = Math.min(IDLE_POLL_NANOS, pollNanos * 2);
            return;
        }
        long busy = Math.min(MAX_POLL_NANOS, pollNanos);
        if (arrived > pollBatch) {
            pollNanos = Math.max(MIN_POLL_NANOS, busy / 2);
        } else if (arrived < pollBatch / 4) {
            pollNanos = Math.min(MAX_POLL_NANOS, busy * 2);
        } else {
            pollNanos = busy;
        }
    }

    private void tick() {
        buffer.commit(); // reuses the segments of threads that died since
        stale = true; // read again for the next batch: an idle sampler reads nothing
        if (snapshot == null) {
            // the first read loads and runs its classes (file, parsing, management beans) for some milliseconds:
            // at the start, not in the middle of the first burst of samples, which would fill the buffer meanwhile
            snapshot();
        }
        onTick.run();
    }

    private void drainOnStop() {
        markTargets();
        while (!abandoned && !drainToTargets()) {
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

    /** Makes everything published by now the target of a flush, for the waiting requests and a due interval. */
    private void markTargets() {
        for (Request r; (r = requests.poll()) != null; ) {
            marked.add(r);
        }
        buffer.markTargets();
        flushing = true;
    }

    /**
     * Appends batches until the targets are written, then answers the requests waiting for them. Returns whether it
     * got that far.
     */
    private boolean drainToTargets() {
        while (!abandoned && buffer.beforeTargets() > 0) {
            if (!appendBatch(true)) {
                return false;
            }
        }
        if (abandoned) {
            return false;
        }
        flushing = false;
        answer(marked, true);
        marked.clear();
        return true;
    }

    /** Appends batches while at least a full one is buffered. */
    private void drainBatches() {
        lastBuffered = buffer.buffered();
        while (!abandoned && !stopping && lastBuffered >= batchSize) {
            if (!appendBatch(false)) {
                return;
            }
        }
    }

    /**
     * Collects a batch, oldest segment first (with {@code toTargets} only samples before the targets), and appends
     * it; what the store accepted is freed, what it refused stays buffered. Returns whether the store took it.
     */
    private boolean appendBatch(boolean toTargets) {
        if (stopping && System.nanoTime() - stopDeadline >= 0) {
            return false;
        }
        Instant wallNow = clock.instant();
        long nanoNow = ticker.getAsLong();
        int n = buffer.collect(builder, batchSize, toTargets, wallNow.getEpochSecond(), wallNow.getNano(), nanoNow);
        if (n == 0) {
            return false;
        }
        if (!append()) {
            buffer.rollback();
            return false;
        }
        lastBuffered = buffer.commit();
        onBacklog.accept(lastBuffered);
        return true;
    }

    /** The process snapshot for a batch: read at most once a second, when there is a batch; the last one stays if
     * a later read fails. */
    private ProcessSnapshot snapshot() {
        if (stale || snapshot == null) {
            stale = false;
            try {
                snapshot = processReader.read(clock.instant());
            } catch (RuntimeException e) {
                if (snapshot == null) {
                    throw e;
                }
                LOG.debug("process snapshot failed; the batch carries the last one", e);
            }
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

    /** Once the thread finished: answers every request still waiting, false. */
    private void answerRequests() {
        if (finished) {
            for (Request r; (r = requests.poll()) != null; ) {
                r.done.complete(buffer.buffered() == 0);
            }
        }
    }

    private static void answer(List<Request> waiting, boolean written) {
        for (Request r : waiting) {
            r.done.complete(written);
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
