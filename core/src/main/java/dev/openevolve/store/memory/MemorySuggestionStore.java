package dev.openevolve.store.memory;

import dev.openevolve.spi.Suggestion;
import dev.openevolve.spi.SuggestionStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Suggestions by id, listed most urgent priority first, then highest confidence, then id. Thread safe. */
final class MemorySuggestionStore implements SuggestionStore {
    private static final Comparator<Suggestion> ORDER = Comparator.comparingInt(Suggestion::priority)
            .thenComparing(Comparator.comparingDouble(Suggestion::confidence).reversed())
            .thenComparing(Suggestion::id);

    private final Runnable ensureOpen;
    private final Map<String, Suggestion> suggestions = new ConcurrentHashMap<>();

    MemorySuggestionStore(Runnable ensureOpen) {
        this.ensureOpen = ensureOpen;
    }

    @Override
    public void save(List<Suggestion> suggestions) {
        Objects.requireNonNull(suggestions, "suggestions");
        ensureOpen.run();
        List.copyOf(suggestions).forEach(s -> this.suggestions.put(s.id(), s));
    }

    @Override
    public List<Suggestion> list() {
        ensureOpen.run();
        return suggestions.values().stream().sorted(ORDER).toList();
    }

    void clear() {
        suggestions.clear();
    }
}
