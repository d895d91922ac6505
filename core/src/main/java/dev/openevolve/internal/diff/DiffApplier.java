package dev.openevolve.internal.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies SEARCH/REPLACE blocks one after the other. A SEARCH text is looked for as whole lines, then as
 * whole lines ignoring trailing white space, then as a fragment of a line; the first occurrence that lies
 * inside an EVOLVE region (anywhere, when the program has no marker) is replaced.
 */
final class DiffApplier {
    private static final int SHOWN_CHARS = 120;

    private DiffApplier() {
    }

    /** A match: the replaced range {@code [start, end)} and whether it covers whole lines. */
    private record Match(int start, int end, boolean wholeLines) {
    }

    static DiffResult apply(String original, List<SearchReplace> blocks) {
        boolean crlf = isCrlf(original);
        String text = crlf ? original.replace("\r\n", "\n") : original;
        boolean guarded = EvolveBlocks.hasMarkers(text);
        List<String> problems = new ArrayList<>();
        if (guarded) {
            try {
                EvolveBlocks.find(text);
            } catch (EvolveBlockException e) {
                for (int i = 1; i <= blocks.size(); i++) {
                    problems.add("block " + i + " was not applied: the program's EVOLVE-BLOCK markers are malformed: "
                            + e.getMessage());
                }
                return new DiffResult(original, 0, problems);
            }
        }
        int applied = 0;
        for (int i = 0; i < blocks.size(); i++) {
            int n = i + 1;
            SearchReplace block = blocks.get(i);
            String search = Lines.normalize(block.search());
            String replace = Lines.normalize(block.replace());
            Optional<String> problem = markerProblem(n, search, replace);
            if (problem.isEmpty() && search.equals(replace)) {
                problem = Optional.of("block " + n + " changes nothing: its REPLACE text equals its SEARCH text");
            }
            if (problem.isPresent()) {
                problems.add(problem.get());
                continue;
            }
            List<Match> matches = findMatches(text, search);
            if (matches.isEmpty()) {
                problems.add(noMatch(n, text, search));
                continue;
            }
            int[] starts = Lines.starts(text);
            List<EvolveRegion> regions = guarded ? EvolveBlocks.find(text) : List.of();
            Match chosen = null;
            String firstViolation = null;
            for (Match m : matches) {
                String violation = guarded ? violation(n, text, starts, regions, m) : null;
                if (violation == null) {
                    chosen = m;
                    break;
                }
                if (firstViolation == null) {
                    firstViolation = violation;
                }
            }
            if (chosen == null) {
                problems.add(firstViolation);
                continue;
            }
            text = replace(text, chosen, replace);
            applied++;
        }
        String code = crlf ? text.replace("\n", "\r\n") : text;
        return new DiffResult(applied == 0 ? original : code, applied, problems);
    }

    private static Optional<String> markerProblem(int n, String search, String replace) {
        for (String marker : List.of(EvolveBlocks.START, EvolveBlocks.END)) {
            if (search.contains(marker)) {
                return Optional.of("SEARCH block " + n + " contains the " + marker
                        + " marker; markers must stay unchanged, so change only the lines between them");
            }
            if (replace.contains(marker)) {
                return Optional.of("REPLACE of block " + n + " contains the " + marker
                        + " marker; blocks must not add or remove EVOLVE-BLOCK markers");
            }
        }
        return Optional.empty();
    }

    private static List<Match> findMatches(String text, String search) {
        List<Match> exact = new ArrayList<>();
        List<Match> fragments = new ArrayList<>();
        for (int at = text.indexOf(search); at >= 0; at = text.indexOf(search, at + 1)) {
            int end = at + search.length();
            boolean whole = (at == 0 || text.charAt(at - 1) == '\n') && (end == text.length() || text.charAt(end) == '\n');
            (whole ? exact : fragments).add(new Match(at, end, whole));
        }
        if (!exact.isEmpty()) {
            return exact;
        }
        List<Match> relaxed = lineMatches(text, search, false);
        return relaxed.isEmpty() ? fragments : relaxed;
    }

    /** Whole-line matches comparing lines without trailing white space, or also without indentation. */
    private static List<Match> lineMatches(String text, String search, boolean ignoreIndent) {
        List<String> lines = List.of(text.split("\n", -1));
        List<String> wanted = List.of(search.split("\n", -1));
        int[] starts = Lines.starts(text);
        List<Match> matches = new ArrayList<>();
        for (int first = 0; first + wanted.size() <= lines.size(); first++) {
            boolean equal = true;
            for (int k = 0; k < wanted.size() && equal; k++) {
                equal = same(lines.get(first + k), wanted.get(k), ignoreIndent);
            }
            if (equal) {
                int last = first + wanted.size() - 1;
                matches.add(new Match(starts[first], starts[last] + lines.get(last).length(), true));
            }
        }
        return matches;
    }

    private static boolean same(String line, String wanted, boolean ignoreIndent) {
        return ignoreIndent ? line.strip().equals(wanted.strip()) : line.stripTrailing().equals(wanted.stripTrailing());
    }

    /** Why {@code m} may not be changed, or {@code null} when it lies inside one region. */
    private static String violation(int n, String text, int[] starts, List<EvolveRegion> regions, Match m) {
        int firstLine = Lines.lineOf(starts, m.start());
        int lastLine = Lines.lineOf(starts, Math.max(m.start(), m.end() - 1));
        for (int line = firstLine; line <= lastLine; line++) {
            for (EvolveRegion r : regions) {
                if (line == r.startLine() || line == r.endLine()) {
                    String marker = line == r.startLine() ? EvolveBlocks.START : EvolveBlocks.END;
                    return "SEARCH block " + n + " touches the " + marker + " marker on line " + line
                            + "; markers must stay unchanged";
                }
            }
            final int l = line;
            if (regions.stream().noneMatch(r -> r.isEditable(l))) {
                return "SEARCH block " + n + " changes line " + line + ", outside the EVOLVE-BLOCK regions ("
                        + EvolveBlocks.describe(regions) + ")";
            }
        }
        return null;
    }

    private static String replace(String text, Match m, String replacement) {
        int start = m.start();
        int end = m.end();
        if (replacement.isEmpty() && m.wholeLines()) {
            if (end < text.length()) {
                end++;
            } else if (start > 0) {
                start--;
            }
        }
        return text.substring(0, start) + replacement + text.substring(end);
    }

    private static String noMatch(int n, String text, String search) {
        String first = search.lines().filter(l -> !l.isBlank()).findFirst().orElse(search).strip();
        String message = "SEARCH block " + n + " does not match the program; its first line is: '"
                + Lines.clip(first, SHOWN_CHARS) + "'";
        List<Match> loose = lineMatches(text, search, true);
        if (!loose.isEmpty()) {
            int line = Lines.lineOf(Lines.starts(text), loose.get(0).start());
            message += " (it matches line " + line + " when indentation is ignored: copy the indentation exactly)";
        }
        return message;
    }

    /** Whether every line break of {@code text} is CRLF (and there is at least one). */
    private static boolean isCrlf(String text) {
        int lf = 0;
        int crlf = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lf++;
                if (i > 0 && text.charAt(i - 1) == '\r') {
                    crlf++;
                }
            }
        }
        return lf > 0 && lf == crlf;
    }
}
