package dev.openevolve.internal.store.memory;

import dev.openevolve.spi.Program;
import dev.openevolve.spi.ProgramStore;
import dev.openevolve.spi.RunCheckpoint;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Programs by run and id, and the latest checkpoint of each run. Thread safe. */
final class MemoryProgramStore implements ProgramStore {
    private static final Comparator<Program> ORDER =
            Comparator.comparingLong(Program::iteration).thenComparing(Program::id);

    private final Runnable ensureOpen;
    private final Map<String, Map<String, Program>> runs = new ConcurrentHashMap<>();
    private final Map<String, RunCheckpoint> checkpoints = new ConcurrentHashMap<>();

    MemoryProgramStore(Runnable ensureOpen) {
        this.ensureOpen = ensureOpen;
    }

    @Override
    public void save(String runId, Program program) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(program, "program");
        ensureOpen.run();
        runs.computeIfAbsent(runId, r -> new ConcurrentHashMap<>()).put(program.id(), program);
    }

    @Override
    public Optional<Program> find(String runId, String programId) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(programId, "programId");
        ensureOpen.run();
        return Optional.ofNullable(runs.getOrDefault(runId, Map.of()).get(programId));
    }

    @Override
    public List<Program> list(String runId) {
        Objects.requireNonNull(runId, "runId");
        ensureOpen.run();
        return runs.getOrDefault(runId, Map.of()).values().stream().sorted(ORDER).toList();
    }

    @Override
    public void saveCheckpoint(RunCheckpoint checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        ensureOpen.run();
        checkpoints.merge(checkpoint.runId(), checkpoint,
                (old, neu) -> neu.iteration() >= old.iteration() ? neu : old);
    }

    @Override
    public Optional<RunCheckpoint> latestCheckpoint(String runId) {
        Objects.requireNonNull(runId, "runId");
        ensureOpen.run();
        return Optional.ofNullable(checkpoints.get(runId));
    }

    void clear() {
        runs.clear();
        checkpoints.clear();
    }
}
