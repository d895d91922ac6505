package dev.openevolve.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue of published events handled in order by one daemon thread. {@link #offer} never blocks: when
 * the queue is full the event is refused and counted (and logged), and the handler is told the count the next
 * time it runs, so no event is lost without a trace. Thread safe.
 */
final class EventQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventQueue.class);

    /** A published event. */
    record Published(String type, Instant at, Map<String, String> data) {
    }

    /** Receives the events in order, and the count of refused events not yet reported. */
    interface Handler {
        void dropped(long count);

        void handle(Published event) throws Exception;

        void failed(Published event, Exception e);
    }

    private final BlockingQueue<Published> queue;
    private final Handler handler;
    private final Thread worker;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private long reportedDropped;
    private volatile boolean closing;

    EventQueue(int capacity, Handler handler) {
        if (capacity < 1) {
            throw new IllegalArgumentException("event queue capacity must be at least 1 but was " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.handler = handler;
        this.worker = new Thread(this::work, "openevolve-loop-events");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues {@code event}; false (and counted) when the queue is full or closed. Never blocks. */
    boolean offer(Published event) {
        if (!closing && queue.offer(event)) {
            return true;
        }
        long n = dropped.incrementAndGet();
        LOG.warn("loop event '{}' refused: the event queue is {} ({} refused so far)", event.type(),
                closing ? "closed" : "full", n);
        return false;
    }

    int size() {
        return queue.size();
    }

    long dropped() {
        return dropped.get();
    }

    long handled() {
        return handled.get();
    }

    long failed() {
        return failed.get();
    }

    private void work() {
        while (true) {
            Published event;
            try {
                event = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            reportDrops();
            if (event == null) {
                if (closing) {
                    return;
                }
                continue;
            }
            try {
                handler.handle(event);
                handled.incrementAndGet();
            } catch (Exception e) {
                failed.incrementAndGet();
                LOG.warn("handling loop event '{}' failed: {}", event.type(), e.toString());
                try {
                    handler.failed(event, e);
                } catch (RuntimeException again) {
                    LOG.warn("recording the failure of loop event '{}' failed too: {}", event.type(), again.toString());
                }
            }
        }
    }

    private void reportDrops() {
        long now = dropped.get();
        if (now > reportedDropped) {
            try {
                handler.dropped(now - reportedDropped);
                reportedDropped = now;
            } catch (RuntimeException e) {
                LOG.warn("recording {} refused loop events failed: {}", now - reportedDropped, e.toString());
            }
        }
    }

    /** Refuses new events, handles those queued (waiting at most {@code timeout}) and stops the worker. */
    void close(Duration timeout) {
        closing = true;
        try {
            worker.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            worker.interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
