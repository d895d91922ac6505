package dev.openevolve.internal.store.memory;

import dev.openevolve.spi.PatternStore;
import dev.openevolve.spi.PerformancePattern;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Patterns by id, listed highest confidence first, then by id. Thread safe. */
final class MemoryPatternStore implements PatternStore {
    private static final Comparator<PerformancePattern> ORDER =
            Comparator.comparingDouble(PerformancePattern::confidence).reversed().thenComparing(PerformancePattern::id);

    private final Runnable ensureOpen;
    private final Map<String, PerformancePattern> patterns = new ConcurrentHashMap<>();

    MemoryPatternStore(Runnable ensureOpen) {
        this.ensureOpen = ensureOpen;
    }

    @Override
    public void save(List<PerformancePattern> patterns) {
        Objects.requireNonNull(patterns, "patterns");
        ensureOpen.run();
        List.copyOf(patterns).forEach(p -> this.patterns.put(p.id(), p));
    }

    @Override
    public List<PerformancePattern> list() {
        ensureOpen.run();
        return patterns.values().stream().sorted(ORDER).toList();
    }

    void clear() {
        patterns.clear();
    }
}
