package dev.openevolve;

import dev.openevolve.spi.ForwardingStore;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.ProgramStore;
import dev.openevolve.spi.RunCheckpoint;
import dev.openevolve.spi.Store;
import java.util.List;
import java.util.Optional;

/**
 * A real store that stops the process's run (throws an Error, as a crash would cut it short)
 * right after saving the program of a given iteration. In {@link #killedAt} mode it behaves like a
 * process killed at that moment: the first save of that iteration is the last write that reaches the
 * store, every later save or checkpoint is lost.
 */
final class CrashingStore extends ForwardingStore implements ProgramStore {
    private final long crashAfterIteration;
    private final boolean discardAfterCrash;
    private final Runnable onCrash;
    private volatile boolean dead;

    CrashingStore(Store delegate, long crashAfterIteration) {
        this(delegate, crashAfterIteration, false, () -> { });
    }

    private CrashingStore(Store delegate, long crashAfterIteration, boolean discardAfterCrash, Runnable onCrash) {
        super(delegate);
        this.crashAfterIteration = crashAfterIteration;
        this.discardAfterCrash = discardAfterCrash;
        this.onCrash = onCrash;
    }

    /** A store whose process "dies" right after program {@code iteration} is saved; {@code onCrash} runs then. */
    static CrashingStore killedAt(Store delegate, long iteration, Runnable onCrash) {
        return new CrashingStore(delegate, iteration, true, onCrash);
    }

    @Override
    public synchronized void save(String runId, Program program) {
        if (dead) {
            throw new SimulatedCrash();
        }
        delegate().programs().save(runId, program);
        if (discardAfterCrash ? ProgramIds.iterationOf(program.id()) == crashAfterIteration
                : ProgramIds.iterationOf(program.id()) >= crashAfterIteration) {
            dead = discardAfterCrash;
            onCrash.run();
            throw new SimulatedCrash();
        }
    }

    @Override
    public Optional<Program> find(String runId, String programId) {
        return delegate().programs().find(runId, programId);
    }

    @Override
    public List<Program> list(String runId) {
        return delegate().programs().list(runId);
    }

    @Override
    public synchronized void saveCheckpoint(RunCheckpoint checkpoint) {
        if (dead) {
            throw new SimulatedCrash();
        }
        delegate().programs().saveCheckpoint(checkpoint);
    }

    @Override
    public Optional<RunCheckpoint> latestCheckpoint(String runId) {
        return delegate().programs().latestCheckpoint(runId);
    }

    @Override
    public ProgramStore programs() {
        return this;
    }

    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash");
        }
    }
}
