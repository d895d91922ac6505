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
 * right after saving the program of a given iteration, before anything else is written.
 */
final class CrashingStore extends ForwardingStore implements ProgramStore {
    private final long crashAfterIteration;

    CrashingStore(Store delegate, long crashAfterIteration) {
        super(delegate);
        this.crashAfterIteration = crashAfterIteration;
    }

    @Override
    public void save(String runId, Program program) {
        delegate().programs().save(runId, program);
        if (ProgramIds.iterationOf(program.id()) >= crashAfterIteration) {
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
    public void saveCheckpoint(RunCheckpoint checkpoint) {
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
