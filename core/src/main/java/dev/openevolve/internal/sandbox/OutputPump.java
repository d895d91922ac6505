package dev.openevolve.internal.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drains one output stream of a child on its own thread so the child never blocks on a full pipe; keeps either
 * the head (up to a cap) or a tail of what it read, and calls {@code onLimit} once the bytes counted by the shared
 * counter pass the cap. Thread safe.
 */
public final class OutputPump implements Runnable {
    /** Bytes a tail pump keeps. */
    public static final int TAIL_BYTES = 16 * 1024;

    private final InputStream in;
    private final AtomicLong counter;
    private final long cap;
    private final boolean keepTail;
    private final Runnable onLimit;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private final byte[] tail = new byte[TAIL_BYTES];
    private long tailWritten;
    private final Thread thread;

    private OutputPump(InputStream in, AtomicLong counter, long cap, boolean keepTail, Runnable onLimit, String name) {
        this.in = in;
        this.counter = counter;
        this.cap = cap;
        this.keepTail = keepTail;
        this.onLimit = onLimit;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    /** Starts a pump that keeps the first {@code cap} bytes; thread safe reads via {@link #text()}. */
    public static OutputPump head(InputStream in, AtomicLong counter, long cap, Runnable onLimit, String name) {
        OutputPump p = new OutputPump(in, counter, cap, false, onLimit, name);
        p.thread.start();
        return p;
    }

    /** Starts a pump that keeps the last {@value #TAIL_BYTES} bytes. */
    public static OutputPump tail(InputStream in, AtomicLong counter, long cap, Runnable onLimit, String name) {
        OutputPump p = new OutputPump(in, counter, cap, true, onLimit, name);
        p.thread.start();
        return p;
    }

    @Override
    public void run() {
        byte[] buf = new byte[8192];
        boolean signalled = false;
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                long total = counter.addAndGet(n);
                synchronized (this) {
                    if (keepTail) {
                        appendTail(buf, n);
                    } else if (head.size() < cap) {
                        head.write(buf, 0, (int) Math.min(n, cap - head.size()));
                    }
                }
                if (total > cap && !signalled) {
                    signalled = true;
                    onLimit.run();
                }
            }
        } catch (IOException e) {
            // the stream closes when the process tree is killed: nothing more to read
        }
    }

    private void appendTail(byte[] buf, int n) {
        for (int i = 0; i < n; i++) {
            tail[(int) (tailWritten++ % TAIL_BYTES)] = buf[i];
        }
    }

    /** Waits up to {@code millis} for the stream to end. */
    public void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    /** What was kept, decoded as UTF-8. */
    public synchronized String text() {
        if (!keepTail) {
            return head.toString(StandardCharsets.UTF_8);
        }
        return textSince(0);
    }

    /** How many bytes a tail pump has read so far: a mark for {@link #textSince}. */
    public synchronized long mark() {
        return tailWritten;
    }

    /** What a tail pump read since {@code mark}, as far as the tail still holds it. */
    public synchronized String textSince(long mark) {
        int len = (int) Math.min(tailWritten - Math.min(mark, tailWritten), TAIL_BYTES);
        byte[] out = new byte[len];
        long start = tailWritten - len;
        for (int i = 0; i < len; i++) {
            out[i] = tail[(int) ((start + i) % TAIL_BYTES)];
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
