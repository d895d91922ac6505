package dev.openevolve.internal.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Finds the EVOLVE regions of a program: a line containing {@value #START} opens a region, the next
 * line containing {@value #END} closes it. Markers usually sit in a comment of the program's language
 * ({@code // EVOLVE-BLOCK-START}, {@code # EVOLVE-BLOCK-START}). A program without any marker is
 * evolvable everywhere. Stateless and thread safe.
 */
public final class EvolveBlocks {

    /** The text that marks the line opening a region. */
    public static final String START = "EVOLVE-BLOCK-START";
    /** The text that marks the line closing a region. */
    public static final String END = "EVOLVE-BLOCK-END";

    private EvolveBlocks() {
    }

    /** Whether {@code code} contains any region marker. */
    public static boolean hasMarkers(String code) {
        Objects.requireNonNull(code, "code");
        return code.contains(START) || code.contains(END);
    }

    /**
     * The regions of {@code code} in order; empty when the program has no marker.
     *
     * @throws EvolveBlockException when markers are unbalanced, nested, or share a line
     */
    public static List<EvolveRegion> find(String code) {
        Objects.requireNonNull(code, "code");
        if (!hasMarkers(code)) {
            return List.of();
        }
        List<String> lines = Lines.split(code);
        List<EvolveRegion> regions = new ArrayList<>();
        int open = 0;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            boolean start = line.contains(START);
            boolean end = line.contains(END);
            if (start && end) {
                throw new EvolveBlockException(lineNo, "line " + lineNo + " holds both " + START + " and " + END
                        + "; each marker needs a line of its own");
            }
            if (start) {
                if (open != 0) {
                    throw new EvolveBlockException(lineNo, START + " on line " + lineNo
                            + " opens a region inside the region opened on line " + open + "; regions must not nest");
                }
                open = lineNo;
            } else if (end) {
                if (open == 0) {
                    throw new EvolveBlockException(lineNo, END + " on line " + lineNo + " closes no region; it needs an "
                            + START + " line before it");
                }
                regions.add(new EvolveRegion(open, lineNo));
                open = 0;
            }
        }
        if (open != 0) {
            throw new EvolveBlockException(open, START + " on line " + open + " has no " + END + " after it");
        }
        return List.copyOf(regions);
    }

    /**
     * The editable lines of {@code regions} for messages, e.g. {@code "lines 10-24, 30"}; regions without a line
     * between their markers are left out ({@code "no editable line"} when none is left).
     */
    public static String describe(List<EvolveRegion> regions) {
        Objects.requireNonNull(regions, "regions");
        List<String> ranges = regions.stream()
                .filter(r -> !r.isEmpty())
                .map(r -> r.firstEditableLine() == r.lastEditableLine() ? Integer.toString(r.firstEditableLine())
                        : r.firstEditableLine() + "-" + r.lastEditableLine())
                .collect(Collectors.toList());
        if (ranges.isEmpty()) {
            return "no editable line";
        }
        boolean single = ranges.size() == 1 && !ranges.get(0).contains("-");
        return (single ? "line " : "lines ") + String.join(", ", ranges);
    }
}
