package dev.openevolve.codegraph;

import java.util.EnumMap;
import java.util.Map;
import org.treesitter.TSLanguage;
import org.treesitter.TSQuery;

/**
 * The grammars and compiled queries, created on first use of each language (which loads that grammar's native
 * library). A compiled query is read-only, so one is shared by every parsing thread of every indexer.
 * Thread safe.
 */
final class Grammars {
    /** A grammar and its query, with the query's capture names by capture index. */
    record Compiled(TSLanguage language, TSQuery query, String[] captureNames) {
    }

    private final Map<Lang, Compiled> compiled = new EnumMap<>(Lang.class);

    synchronized Compiled get(Lang lang) {
        return compiled.computeIfAbsent(lang, l -> {
            TSLanguage language = l.grammar();
            TSQuery query = new TSQuery(language, l.query());
            String[] names = new String[query.getCaptureCount()];
            for (int i = 0; i < names.length; i++) {
                names[i] = query.getCaptureNameForId(i);
            }
            return new Compiled(language, query, names);
        });
    }
}
