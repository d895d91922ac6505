package dev.openevolve.evaluation;

import dev.openevolve.evaluation.runner.HarnessRunner;
import dev.openevolve.internal.sandbox.Seconds;
import dev.openevolve.internal.sandbox.OutputPump;
import dev.openevolve.internal.sandbox.Sandbox;
import dev.openevolve.internal.sandbox.SandboxCommand;
import dev.openevolve.internal.sandbox.SandboxResult;
import dev.openevolve.internal.sandbox.SandboxedProcess;
import dev.openevolve.internal.sandbox.Workspace;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.OpenEvolveException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warm sandboxed worker processes reused across candidates and replaced after a candidate misbehaved: JVMs running
 * {@link HarnessRunner} in serve mode (each candidate in a fresh class loader) or Python interpreters running the
 * OpenEvolve runner in serve mode (each candidate in a process forked from the warm interpreter, kept for the
 * candidate's later cascade stages: see {@link Stage}). A worker prints {@code READY}, then answers each request
 * line {@code <nonce>\t<fields...>} with one line {@code OPENEVOLVE-RESULT <nonce> <json>}. A worker that leaves
 * a process behind (other than the child it says it keeps) is replaced; a retired worker's successor is started
 * in the background. Thread safe; {@link #close()} kills every worker.
 */
final class WarmWorkerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarmWorkerPool.class);
    /** The cpu-time budget of one worker's life; it is replaced well before. */
    private static final Duration WORKER_LIFETIME = Duration.ofHours(1);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String EOF = "\u0000EOF";

    /** Makes the serve-mode command of a worker living in {@code workdir}. */
    interface CommandFactory {
        List<String> command(Path workdir) throws IOException;
    }

    /** One candidate's work for a worker. */
    interface Job {
        /** Writes the candidate's files into {@code dir}; a present result ends the job there (did not compile). */
        Optional<EvaluationResult> prepare(Path dir);

        /** The request's fields after the nonce. */
        List<String> request(Path dir);

        /**
         * For workers that can keep a candidate's child for its later stages (the Python runner): which candidate
         * and stage this is, and whether more stages may follow. Empty (the default): every job gets a new child.
         */
        default Optional<Stage> stage() {
            return Optional.empty();
        }
    }

    /**
     * A cascade stage of {@code candidate}. A worker whose child ran an earlier stage of an equal candidate runs
     * this one in that child, in the same folder; with {@code more} the child is kept for a later stage.
     */
    record Stage(Object candidate, int number, boolean more) {
    }

    /**
     * How the workers of one pool are started and described; {@code maxUses} candidates (stages) before a worker
     * is replaced.
     */
    record Kind(String name, Map<String, String> environment, boolean managedMemory, String endedEarly, int maxUses) {
    }

    private final Kind kind;
    private final Sandbox sandbox;
    private final CommandFactory commands;
    private final int maxIdle;
    private final boolean dropPrivileges;
    private final LinkedBlockingDeque<Worker> idle = new LinkedBlockingDeque<>();
    private final Set<Worker> all = ConcurrentHashMap.newKeySet();
    private final ExecutorService starter;
    private volatile boolean closed;

    WarmWorkerPool(Kind kind, Sandbox sandbox, CommandFactory commands, int maxIdle, boolean dropPrivileges) {
        this.kind = kind;
        this.sandbox = sandbox;
        this.commands = commands;
        this.maxIdle = maxIdle;
        this.dropPrivileges = dropPrivileges;
        this.starter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "openevolve-warm-" + kind.name() + "-starter");
            t.setDaemon(true);
            return t;
        });
        replenish();
    }

    EvaluationResult evaluate(Job job, String subject, Duration timeout) throws IOException, InterruptedException {
        Worker w = acquire(job.stage().map(Stage::candidate).orElse(null));
        boolean healthy = false;
        try {
            Worker.Outcome o = w.evaluate(job, subject, timeout);
            healthy = o.healthy();
            return o.result();
        } finally {
            release(w, healthy);
        }
    }

    /** An idle worker, preferring the one keeping a child of {@code candidate}; a new one when none is idle. */
    private Worker acquire(Object candidate) throws IOException {
        if (closed) {
            throw new IllegalStateException(kind.name() + " evaluator is closed");
        }
        if (candidate != null) {
            for (Worker w : idle) {
                if (w.keeps(candidate) && idle.remove(w)) {
                    if (w.usable()) {
                        return w;
                    }
                    discard(w);
                    break;
                }
            }
        }
        for (Worker w = idle.pollFirst(); w != null; w = idle.pollFirst()) {
            if (w.usable()) {
                return w;
            }
            discard(w);
        }
        return startWorker();
    }

    private void release(Worker w, boolean healthy) {
        if (healthy && !closed && w.usable() && idle.size() < maxIdle) {
            idle.offerFirst(w);
            if (closed && idle.remove(w)) {
                discard(w);
            }
            return;
        }
        discard(w);
        replenish();   // in the background, so the next candidate does not wait for a worker to start
    }

    private void replenish() {
        if (closed) {
            return;
        }
        try {
            starter.execute(() -> {
                if (closed || all.size() >= maxIdle) {
                    return; // as many workers as the pool keeps warm exist already, idle or busy
                }
                try {
                    Worker w = startWorker();
                    if (all.size() > maxIdle) {
                        discard(w); // a caller started one meanwhile: keep that one, it may hold a candidate's child
                        return;
                    }
                    release(w, true);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("could not start a warm {} worker: {}", kind.name(), e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private Worker startWorker() throws IOException {
        Workspace ws = sandbox.newWorkspace();
        try {
            List<String> cmd = commands.command(ws.path());
            SandboxedProcess p = sandbox.start(new SandboxCommand(cmd, ws.path(), kind.environment(), WORKER_LIFETIME,
                    kind.managedMemory(), dropPrivileges));
            Worker w = new Worker(ws, p);
            all.add(w);
            w.awaitReady();
            if (closed) {
                discard(w);
                throw new IllegalStateException(kind.name() + " evaluator is closed");
            }
            return w;
        } catch (IOException | RuntimeException e) {
            ws.close();
            throw e;
        }
    }

    private void discard(Worker w) {
        all.remove(w);
        w.close();
    }

    @Override
    public void close() {
        closed = true;
        starter.shutdownNow();
        for (Worker w : List.copyOf(all)) {
            discard(w);
        }
        idle.clear();
    }

    /** One warm worker process. Used by one thread at a time. */
    private final class Worker {
        private final Workspace ws;
        private final SandboxedProcess proc;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final AtomicLong requestBytes = new AtomicLong();
        private final AtomicBoolean overflow = new AtomicBoolean();
        private final OutputPump stderr;
        private final long maxOutput;
        private final StringBuilder strayStdout = new StringBuilder();
        private int uses;
        /** The stage whose child the worker keeps, and its folder; both null when it keeps none. */
        private volatile Stage kept;
        private Path keptDir;

        record Outcome(EvaluationResult result, boolean healthy) {
        }

        Worker(Workspace ws, SandboxedProcess proc) {
            this.ws = ws;
            this.proc = proc;
            this.maxOutput = sandbox.limits().maxOutputBytes();
            Runnable onLimit = () -> {
                overflow.set(true);
                proc.killTree();
            };
            this.stderr = OutputPump.tail(proc.stderr(), requestBytes, maxOutput, onLimit,
                    "warm-" + kind.name() + "-" + proc.process().pid() + "-err");
            Thread reader = new Thread(() -> readLines(proc.stdout(), onLimit),
                    "warm-" + kind.name() + "-" + proc.process().pid() + "-out");
            reader.setDaemon(true);
            reader.start();
        }

        private void readLines(InputStream in, Runnable onLimit) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    if (b == '\n') {
                        String s = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        if (!s.startsWith(HarnessRunner.MARKER) && !s.equals("READY")) {
                            count(s.length() + 1, onLimit);
                            keep(s);
                        } else {
                            lines.add(s);
                        }
                    } else if (line.size() < maxOutput + 1) {
                        line.write(b);
                    } else {
                        count(1, onLimit);
                    }
                }
            } catch (IOException e) {
                // stream closed: the worker is gone
            } finally {
                lines.add(EOF);
            }
        }

        private void keep(String line) {
            synchronized (strayStdout) {
                strayStdout.append(line, 0, Math.min(line.length(), 1000)).append('\n');
                if (strayStdout.length() > 4000) {
                    strayStdout.delete(0, strayStdout.length() - 4000);
                }
            }
        }

        private String strayStdout() {
            synchronized (strayStdout) {
                return strayStdout.toString();
            }
        }

        private void count(long n, Runnable onLimit) {
            if (requestBytes.addAndGet(n) > maxOutput && !overflow.get()) {
                onLimit.run();
            }
        }

        void awaitReady() throws IOException {
            try {
                String first = lines.poll(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (!"READY".equals(first)) {
                    close();
                    throw new OpenEvolveException("warm " + kind.name() + " worker did not start ("
                            + (first == null ? "no answer within " + Seconds.format(START_TIMEOUT) : "ended")
                            + "): " + stderr.text().strip());
                }
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting a warm " + kind.name() + " worker", e);
            }
        }

        boolean usable() {
            Duration cpu = proc.process().info().totalCpuDuration().orElse(Duration.ZERO);
            return proc.isAlive() && uses < kind.maxUses() && cpu.compareTo(WORKER_LIFETIME.dividedBy(2)) < 0;
        }

        /** Whether this worker keeps a child that ran an earlier stage of {@code candidate}. */
        boolean keeps(Object candidate) {
            Stage k = kept;
            return k != null && k.candidate().equals(candidate);
        }

        Outcome evaluate(Job work, String subject, Duration timeout) throws IOException, InterruptedException {
            uses++;
            String nonce = UUID.randomUUID().toString();
            Optional<Stage> stage = work.stage();
            boolean resumes = stage.isPresent() && kept != null && kept.candidate().equals(stage.get().candidate())
                    && stage.get().number() > kept.number();
            Path job = resumes ? keptDir : Files.createDirectories(ws.path().resolve("jobs").resolve(nonce));
            if (!resumes && keptDir != null) {
                Workspace.deleteTree(keptDir);
            }
            kept = null;
            keptDir = null;
            long started = System.nanoTime();
            boolean keep = false;
            try {
                if (!resumes) {
                    Optional<EvaluationResult> notCompiled = work.prepare(job);
                    if (notCompiled.isPresent()) {
                        return new Outcome(notCompiled.get(), true);
                    }
                }
                long mark = stderr.mark();
                requestBytes.set(0);
                synchronized (strayStdout) {
                    strayStdout.setLength(0);
                }
                List<String> fields = new java.util.ArrayList<>(work.request(job));
                stage.ifPresent(s -> fields.addAll(List.of(resumes ? "1" : "0", s.more() ? "1" : "0")));
                OutputStream in = proc.stdin();
                in.write((nonce + "\t" + String.join("\t", fields) + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
                String prefix = HarnessRunner.MARKER + " " + nonce + " ";
                long deadline = started + timeout.toNanos();
                try {
                    while (true) {
                        String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                        if (line == null) {
                            proc.killTree();
                            return new Outcome(ended(true, mark, timeout, started), false);
                        }
                        if (line.equals(EOF)) {
                            proc.killTree();
                            proc.process().waitFor(5, TimeUnit.SECONDS);
                            return new Outcome(ended(false, mark, timeout, started), false);
                        }
                        if (line.startsWith(prefix)) {
                            if (overflow.get()) {
                                return new Outcome(ended(false, mark, timeout, started), false);
                            }
                            RunnerProtocol.Reply reply = RunnerProtocol.decode(line.substring(prefix.length()),
                                    subject, stderr.textSince(mark), sandbox.limits());
                            boolean healthy = !reply.dirty() && !proc.hasStrayProcesses(reply.keptPid());
                            if (healthy && reply.keptPid() > 0 && stage.isPresent()) {
                                kept = stage.get();
                                keptDir = job;
                                keep = true;
                            }
                            return new Outcome(reply.result(), healthy);
                        }
                    }
                } catch (InterruptedException e) {
                    proc.killTree();
                    throw e;
                }
            } finally {
                if (!keep) {
                    Workspace.deleteTree(job);
                }
            }
        }

        private EvaluationResult ended(boolean timedOut, long mark, Duration timeout, long started)
                throws InterruptedException {
            stderr.join(500);
            int exit = proc.process().isAlive() ? 137 : proc.process().exitValue();
            SandboxResult r = new SandboxResult(exit, "", stderr.textSince(mark), timedOut, overflow.get(),
                    Duration.ofNanos(System.nanoTime() - started), sandbox.limits(), timeout);
            return RunnerProtocol.withoutResult(r.limitHit(), exit, r.stderrTail(), strayStdout(), sandbox.limits(),
                    kind.endedEarly());
        }

        void close() {
            try {
                proc.stdin().close();
            } catch (IOException e) {
                // already gone
            }
            proc.close();
            ws.close();
        }
    }
}
