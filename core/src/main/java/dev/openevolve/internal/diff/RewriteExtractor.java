package dev.openevolve.internal.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the program of a full-rewrite answer: a fenced code block, else the whole answer when it reads as code. */
final class RewriteExtractor {
    private static final Pattern FENCE = Pattern.compile("[ \\t]*(`{3,}|~{3,})[ \\t]*([^`\\s]*).*");
    private static final Pattern CODE_SIGNS = Pattern.compile(".*([;{}()=\\[\\]]|^\\s|:$|^#|^//).*");
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("py", "python"), Map.entry("python3", "python"), Map.entry("js", "javascript"),
            Map.entry("ts", "typescript"), Map.entry("c++", "cpp"), Map.entry("cc", "cpp"), Map.entry("cs", "csharp"),
            Map.entry("c#", "csharp"), Map.entry("kt", "kotlin"), Map.entry("rs", "rust"), Map.entry("golang", "go"),
            Map.entry("sh", "shell"), Map.entry("bash", "shell"), Map.entry("rb", "ruby"));

    private record Fenced(String info, String code) {
    }

    private RewriteExtractor() {
    }

    static Optional<String> extract(String answer, String language) {
        List<String> lines = Lines.split(Lines.normalize(answer));
        List<Fenced> blocks = new ArrayList<>();
        boolean anyFence = false;
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            anyFence = true;
            String fence = open.group(1);
            String info = canonical(open.group(2));
            int close = closing(lines, i + 1, fence);
            if (close < 0) {
                break;
            }
            String code = String.join("\n", lines.subList(i + 1, close));
            if (!code.isBlank() && !looksLikeDiff(code)) {
                blocks.add(new Fenced(info, code + "\n"));
            }
            i = close;
        }
        String wanted = canonical(language);
        Optional<Fenced> best = last(blocks, wanted).or(() -> last(blocks, "")).or(() -> last(blocks, null));
        if (best.isPresent()) {
            return Optional.of(best.get().code());
        }
        if (anyFence || looksLikeDiff(answer) || !looksLikeCode(lines)) {
            return Optional.empty();
        }
        String whole = String.join("\n", lines).strip();
        return Optional.of(whole + "\n");
    }

    /** The last block whose info string is {@code info}; any block when {@code info} is {@code null}. */
    private static Optional<Fenced> last(List<Fenced> blocks, String info) {
        for (int i = blocks.size() - 1; i >= 0; i--) {
            if (info == null || blocks.get(i).info().equals(info)) {
                return Optional.of(blocks.get(i));
            }
        }
        return Optional.empty();
    }

    private static int closing(List<String> lines, int from, String fence) {
        for (int j = from; j < lines.size(); j++) {
            String t = lines.get(j).strip();
            if (t.length() >= fence.length() && t.chars().allMatch(c -> c == fence.charAt(0))) {
                return j;
            }
        }
        return -1;
    }

    private static String canonical(String language) {
        String l = language.strip().toLowerCase(Locale.ROOT);
        return ALIASES.getOrDefault(l, l);
    }

    private static boolean looksLikeDiff(String text) {
        return text.contains("<<<<<<< SEARCH") || text.contains(">>>>>>> REPLACE");
    }

    /** At least two thirds of the non-blank lines carry signs of code (brackets, operators, indentation). */
    private static boolean looksLikeCode(List<String> lines) {
        long nonBlank = lines.stream().filter(l -> !l.isBlank()).count();
        if (nonBlank == 0) {
            return false;
        }
        if (lines.stream().anyMatch(l -> l.contains(EvolveBlocks.START))) {
            return true;
        }
        long code = lines.stream().filter(l -> !l.isBlank()).filter(l -> CODE_SIGNS.matcher(l).matches()).count();
        return code * 3 >= nonBlank * 2;
    }
}
