package dev.openevolve.internal.store.memory;

import dev.openevolve.spi.Suggestion;
import dev.openevolve.spi.SuggestionDecision;
import dev.openevolve.spi.SuggestionStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Suggestions by id, listed most urgent priority first, then highest confidence, then id, and the decisions
 * taken on each. Thread safe: one lock keeps a transition and its history entry together.
 */
final class MemorySuggestionStore implements SuggestionStore {
    private static final Comparator<Suggestion> ORDER = Comparator.comparingInt(Suggestion::priority)
            .thenComparing(Comparator.comparingDouble(Suggestion::confidence).reversed())
            .thenComparing(Suggestion::id);

    private final Runnable ensureOpen;
    private final Map<String, Suggestion> suggestions = new HashMap<>();
    private final Map<String, List<SuggestionDecision>> history = new HashMap<>();

    MemorySuggestionStore(Runnable ensureOpen) {
        this.ensureOpen = ensureOpen;
    }

    @Override
    public void save(List<Suggestion> suggestions) {
        Objects.requireNonNull(suggestions, "suggestions");
        ensureOpen.run();
        List<Suggestion> copy = List.copyOf(suggestions);
        synchronized (this) {
            copy.forEach(s -> this.suggestions.put(s.id(), s));
        }
    }

    @Override
    public List<Suggestion> insertNew(List<Suggestion> suggestions) {
        Objects.requireNonNull(suggestions, "suggestions");
        ensureOpen.run();
        List<Suggestion> copy = List.copyOf(suggestions);
        List<Suggestion> inserted = new ArrayList<>();
        synchronized (this) {
            for (Suggestion s : copy) {
                if (this.suggestions.putIfAbsent(s.id(), s) == null) {
                    inserted.add(s);
                }
            }
        }
        return List.copyOf(inserted);
    }

    @Override
    public List<Suggestion> list() {
        ensureOpen.run();
        synchronized (this) {
            return suggestions.values().stream().sorted(ORDER).toList();
        }
    }

    @Override
    public Optional<Suggestion> find(String id) {
        Objects.requireNonNull(id, "id");
        ensureOpen.run();
        synchronized (this) {
            return Optional.ofNullable(suggestions.get(id));
        }
    }

    @Override
    public boolean transition(SuggestionDecision decision) {
        Objects.requireNonNull(decision, "decision");
        ensureOpen.run();
        synchronized (this) {
            Suggestion current = suggestions.get(decision.suggestionId());
            if (current == null || current.status() != decision.from()) {
                return false;
            }
            suggestions.put(current.id(), current.withStatus(decision.to()));
            history.computeIfAbsent(current.id(), k -> new ArrayList<>()).add(decision);
            return true;
        }
    }

    @Override
    public List<SuggestionDecision> history(String id) {
        Objects.requireNonNull(id, "id");
        ensureOpen.run();
        synchronized (this) {
            return List.copyOf(history.getOrDefault(id, List.of()));
        }
    }

    synchronized void clear() {
        suggestions.clear();
        history.clear();
    }
}
