package dev.openevolve.internal.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads SEARCH/REPLACE blocks out of a model answer with a line-based state machine. */
final class DiffParser {
    private static final Pattern SEARCH = Pattern.compile("[ \\t]*<{7}[ \\t]*SEARCH[ \\t]*");
    private static final Pattern DIVIDER = Pattern.compile("[ \\t]*={7}[ \\t]*");
    private static final Pattern REPLACE = Pattern.compile("[ \\t]*>{7}[ \\t]*REPLACE[ \\t]*");

    private enum State { OUTSIDE, IN_SEARCH, IN_REPLACE }

    private DiffParser() {
    }

    static ParsedDiff parse(String answer) {
        List<String> lines = Lines.split(Lines.normalize(answer));
        List<SearchReplace> blocks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        State state = State.OUTSIDE;
        int blockLine = 0;
        List<String> search = new ArrayList<>();
        List<String> replace = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNo = i + 1;
            boolean isSearch = SEARCH.matcher(line).matches();
            boolean isDivider = DIVIDER.matcher(line).matches();
            boolean isReplace = REPLACE.matcher(line).matches();
            switch (state) {
                case OUTSIDE -> {
                    if (isSearch) {
                        state = State.IN_SEARCH;
                        blockLine = lineNo;
                        search.clear();
                        replace.clear();
                    } else if (isReplace) {
                        problems.add("line " + lineNo + " of the answer has '>>>>>>> REPLACE' without a block opened by "
                                + "'<<<<<<< SEARCH'; it was ignored");
                    }
                }
                case IN_SEARCH -> {
                    if (isDivider) {
                        state = State.IN_REPLACE;
                    } else if (isSearch) {
                        problems.add(unfinished(blockLine, "'======='") + "; a new block starts on line " + lineNo);
                        blockLine = lineNo;
                        search.clear();
                    } else if (isReplace) {
                        problems.add("the diff block starting on line " + blockLine + " of the answer has no '=======' "
                                + "line between SEARCH and REPLACE; it was ignored");
                        state = State.OUTSIDE;
                    } else {
                        search.add(line);
                    }
                }
                case IN_REPLACE -> {
                    if (isReplace) {
                        finish(blockLine, search, replace, blocks, problems);
                        state = State.OUTSIDE;
                    } else if (isSearch) {
                        problems.add(unfinished(blockLine, "'>>>>>>> REPLACE'") + "; a new block starts on line " + lineNo);
                        state = State.IN_SEARCH;
                        blockLine = lineNo;
                        search.clear();
                        replace.clear();
                    } else {
                        replace.add(line);
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        if (state != State.OUTSIDE) {
            problems.add(unfinished(blockLine, state == State.IN_SEARCH ? "'======='" : "'>>>>>>> REPLACE'")
                    + " before the answer ends");
        }
        return new ParsedDiff(blocks, problems);
    }

    private static void finish(int blockLine, List<String> search, List<String> replace, List<SearchReplace> blocks,
                               List<String> problems) {
        String s = join(search);
        if (s.isBlank()) {
            problems.add("the diff block starting on line " + blockLine + " of the answer has an empty SEARCH section; "
                    + "it was ignored (copy the lines to change into it)");
            return;
        }
        blocks.add(new SearchReplace(s, join(replace)));
    }

    /** The lines joined by newlines, trailing blank lines dropped. */
    private static String join(List<String> lines) {
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) {
            end--;
        }
        return String.join("\n", lines.subList(0, end));
    }

    private static String unfinished(int blockLine, String missing) {
        return "the diff block starting on line " + blockLine + " of the answer was ignored: it has no " + missing
                + " line";
    }
}
