package dev.openevolve.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects problems while a configuration is read, overridden and validated. Keys are recorded in the
 * native dotted form and shown under their alias when the value came from somewhere else (an OpenEvolve
 * key, an environment variable). Not thread safe; one per load.
 */
final class Problems {
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Map<String, String> aliases = new HashMap<>();

    /**
     * Shows {@code nativeKey} and every key below it ({@code nativeKey.x}, {@code nativeKey[0]}) as
     * {@code shownKey}.
     */
    void alias(String nativeKey, String shownKey) {
        aliases.put(nativeKey, shownKey);
    }

    void add(String key, String rule, String rejectedValue) {
        problems.add(new ConfigProblem(shown(key), rule, rejectedValue));
    }

    void check(String key, String violation, Object value) {
        if (violation != null) {
            add(key, violation, Rules.text(value));
        }
    }

    void addAll(List<ConfigProblem> found) {
        for (ConfigProblem p : found) {
            problems.add(new ConfigProblem(shown(p.key()), p.rule(), p.rejectedValue()));
        }
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<ConfigProblem> list() {
        return List.copyOf(problems);
    }

    void throwIfAny(String source) {
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
    }

    String shown(String key) {
        String exact = aliases.get(key);
        if (exact != null) {
            return exact;
        }
        for (int i = key.length() - 1; i > 0; i--) {
            char c = key.charAt(i);
            if (c == '.' || c == '[') {
                String alias = aliases.get(key.substring(0, i));
                if (alias != null) {
                    return alias + key.substring(i);
                }
            }
        }
        return key;
    }
}
