package dev.openevolve.internal.context;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Renders listed files into at most a given number of characters. */
final class Summary {
    private Summary() {
    }

    static String render(Path root, List<SourceFile> files, int maxChars) {
        long total = files.stream().mapToLong(f -> Math.max(0, f.size())).sum();
        Path name = root.toAbsolutePath().normalize().getFileName();
        String title = "Source tree " + (name == null ? root.toString() : name.toString()) + ": " + files.size()
                + (files.size() == 1 ? " file, " : " files, ") + total + " bytes";
        int listOnly = title.length();
        for (SourceFile f : files) {
            listOnly += 1 + f.header().length();
        }
        if (listOnly > maxChars) {
            return truncatedList(title, files, maxChars);
        }
        int budget = maxChars - listOnly;
        var sb = new StringBuilder(title);
        for (SourceFile f : files) {
            sb.append('\n').append(f.header());
            for (String declaration : f.declarations()) {
                if (declaration.length() + 1 > budget) {
                    budget = 0;
                    break;
                }
                sb.append('\n').append(declaration);
                budget -= declaration.length() + 1;
            }
        }
        return sb.toString();
    }

    private static String truncatedList(String title, List<SourceFile> files, int maxChars) {
        var lines = new ArrayList<String>();
        lines.add(title);
        int used = title.length();
        if (used > maxChars) {
            return title.substring(0, maxChars);
        }
        for (int shown = 0; shown < files.size(); shown++) {
            String line = files.get(shown).header();
            String note = more(files.size() - shown - 1);
            boolean last = shown == files.size() - 1;
            int needed = used + 1 + line.length() + (last ? 0 : 1 + note.length());
            if (needed > maxChars) {
                String rest = more(files.size() - shown);
                if (used + 1 + rest.length() <= maxChars) {
                    lines.add(rest);
                }
                break;
            }
            lines.add(line);
            used += 1 + line.length();
        }
        return String.join("\n", lines);
    }

    private static String more(int files) {
        return "… " + files + (files == 1 ? " more file" : " more files");
    }
}
