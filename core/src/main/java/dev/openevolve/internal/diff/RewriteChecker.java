package dev.openevolve.internal.diff;

import java.util.ArrayList;
import java.util.List;

/** Checks that a full rewrite keeps every line outside the EVOLVE regions of the original. */
final class RewriteChecker {
    private static final int SHOWN_CHARS = 120;

    private RewriteChecker() {
    }

    static List<String> check(String original, String rewritten) {
        String before = Lines.normalize(original);
        String after = Lines.normalize(rewritten);
        if (!EvolveBlocks.hasMarkers(before)) {
            return List.of();
        }
        List<EvolveRegion> originalRegions;
        try {
            originalRegions = EvolveBlocks.find(before);
        } catch (EvolveBlockException e) {
            return List.of("the original program's EVOLVE-BLOCK markers are malformed, so no rewrite can be checked: "
                    + e.getMessage());
        }
        List<EvolveRegion> newRegions;
        try {
            newRegions = EvolveBlocks.find(after);
        } catch (EvolveBlockException e) {
            return List.of("the rewrite's EVOLVE-BLOCK markers are malformed: " + e.getMessage()
                    + "; keep every marker line as it is");
        }
        if (newRegions.size() != originalRegions.size()) {
            return List.of("the rewrite has " + newRegions.size() + " EVOLVE-BLOCK region(s) but the program has "
                    + originalRegions.size() + "; keep every marker line as it is");
        }
        List<String> oldLines = Lines.split(before);
        List<String> newLines = Lines.split(after);
        List<String> problems = new ArrayList<>();
        for (int k = 0; k <= originalRegions.size(); k++) {
            int[] o = segment(originalRegions, k, oldLines.size());
            int[] r = segment(newRegions, k, newLines.size());
            String difference = firstDifference(oldLines, o, newLines, r);
            if (difference != null) {
                problems.add("the rewrite changes the fixed text " + where(k, originalRegions.size()) + ": "
                        + difference + "; only lines inside EVOLVE-BLOCK regions may change");
            }
        }
        return List.copyOf(problems);
    }

    /** The 1-based inclusive line range of fixed segment {@code k}: before region k, marker lines included. */
    private static int[] segment(List<EvolveRegion> regions, int k, int lineCount) {
        int from = k == 0 ? 1 : regions.get(k - 1).endLine();
        int to = k == regions.size() ? lineCount : regions.get(k).startLine();
        return new int[] {from, to};
    }

    /** The first difference of the two ranges after their common beginning and end, or {@code null}. */
    private static String firstDifference(List<String> oldLines, int[] o, List<String> newLines, int[] r) {
        List<String> was = oldLines.subList(o[0] - 1, trimBlankTail(oldLines, o));
        List<String> now = newLines.subList(r[0] - 1, trimBlankTail(newLines, r));
        int prefix = 0;
        while (prefix < was.size() && prefix < now.size() && same(was.get(prefix), now.get(prefix))) {
            prefix++;
        }
        if (prefix == was.size() && prefix == now.size()) {
            return null;
        }
        int suffix = 0;
        while (suffix < was.size() - prefix && suffix < now.size() - prefix
                && same(was.get(was.size() - 1 - suffix), now.get(now.size() - 1 - suffix))) {
            suffix++;
        }
        boolean removed = prefix < was.size() - suffix;
        boolean added = prefix < now.size() - suffix;
        if (removed && added) {
            return "line " + (o[0] + prefix) + " of the program was '" + shown(was.get(prefix)) + "' and is now '"
                    + shown(now.get(prefix)) + "'";
        }
        if (removed) {
            return "line " + (o[0] + prefix) + " of the program, '" + shown(was.get(prefix)) + "', was removed";
        }
        return "line " + (r[0] + prefix) + " of the rewrite, '" + shown(now.get(prefix)) + "', was added";
    }

    private static boolean same(String a, String b) {
        return a.stripTrailing().equals(b.stripTrailing());
    }

    /** The last line of the range, ignoring blank lines at the end of the file. */
    private static int trimBlankTail(List<String> lines, int[] range) {
        int end = range[1];
        if (end == lines.size()) {
            while (end >= range[0] && lines.get(end - 1).isBlank()) {
                end--;
            }
        }
        return end;
    }

    private static String where(int k, int regionCount) {
        if (k == 0) {
            return "before the first EVOLVE-BLOCK region";
        }
        if (k == regionCount) {
            return "after the last EVOLVE-BLOCK region";
        }
        return "between EVOLVE-BLOCK regions " + k + " and " + (k + 1);
    }

    private static String shown(String line) {
        return Lines.clip(line.strip(), SHOWN_CHARS);
    }
}
