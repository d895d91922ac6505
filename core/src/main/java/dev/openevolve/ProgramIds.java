package dev.openevolve;

import java.util.regex.Pattern;

/** The ids the engine gives programs: {@code p<iteration>}; migrants get the database's suffix. */
final class ProgramIds {
    private static final Pattern CANDIDATE = Pattern.compile("p(\\d+)");

    private ProgramIds() {
    }

    static String forIteration(long iteration) {
        return "p" + iteration;
    }

    /** The iteration of a candidate id, or -1 for a migrant copy or a foreign id. */
    static long iterationOf(String id) {
        var m = CANDIDATE.matcher(id);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }
}
