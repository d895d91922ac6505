package dev.openevolve;

import dev.openevolve.spi.AuditStore;
import dev.openevolve.spi.MetricsStore;
import dev.openevolve.spi.PatternStore;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.ProgramStore;
import dev.openevolve.spi.RunCheckpoint;
import dev.openevolve.spi.Store;
import dev.openevolve.spi.SuggestionStore;
import java.util.List;
import java.util.Optional;

/**
 * A real store that stops the process's run (throws an Error, as a crash would cut it short)
 * right after saving the program of a given iteration, before anything else is written.
 */
final class CrashingStore implements Store, ProgramStore {
    private final Store delegate;
    private final long crashAfterIteration;

    CrashingStore(Store delegate, long crashAfterIteration) {
        this.delegate = delegate;
        this.crashAfterIteration = crashAfterIteration;
    }

    @Override
    public void save(String runId, Program program) {
        delegate.programs().save(runId, program);
        if (ProgramIds.iterationOf(program.id()) >= crashAfterIteration) {
            throw new SimulatedCrash();
        }
    }

    @Override
    public Optional<Program> find(String runId, String programId) {
        return delegate.programs().find(runId, programId);
    }

    @Override
    public List<Program> list(String runId) {
        return delegate.programs().list(runId);
    }

    @Override
    public void saveCheckpoint(RunCheckpoint checkpoint) {
        delegate.programs().saveCheckpoint(checkpoint);
    }

    @Override
    public Optional<RunCheckpoint> latestCheckpoint(String runId) {
        return delegate.programs().latestCheckpoint(runId);
    }

    @Override
    public ProgramStore programs() {
        return this;
    }

    @Override
    public MetricsStore metrics() {
        return delegate.metrics();
    }

    @Override
    public PatternStore patterns() {
        return delegate.patterns();
    }

    @Override
    public SuggestionStore suggestions() {
        return delegate.suggestions();
    }

    @Override
    public AuditStore audit() {
        return delegate.audit();
    }

    @Override
    public void close() {
    }

    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash");
        }
    }
}
