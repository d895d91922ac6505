package dev.openevolve.internal.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds declarations by a line-based scan: Java types and public methods/constructors, Python classes,
 * functions and methods of top-level classes. A simple scan, not a parser: a signature spread over several
 * lines is shown up to the end of its first line.
 */
final class Declarations {
    private static final int MAX_LINE = 160;
    private static final Pattern JAVA_TYPE = Pattern.compile(
            "^(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*((?:(?:public|protected|private|abstract|final|static|sealed"
                    + "|non-sealed|strictfp)\\s+)*(?:class|interface|enum|record|@interface)\\s+[\\w$]+.*)$");
    private static final Pattern JAVA_PUBLIC_METHOD = Pattern.compile(
            "^(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*(public\\s+(?:[\\w$.<>\\[\\]?,\\s]+\\s+)?[\\w$]+\\s*\\(.*)$");
    private static final Pattern PYTHON = Pattern.compile("^([ \\t]*)((?:async\\s+)?def|class)\\s+\\w+.*$");

    private Declarations() {
    }

    static List<String> of(String fileName, String text) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".java")) {
            return java(text);
        }
        if (lower.endsWith(".py")) {
            return python(text);
        }
        return List.of();
    }

    static List<String> java(String text) {
        var out = new ArrayList<String>();
        boolean inComment = false;
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (inComment) {
                int end = line.indexOf("*/");
                if (end < 0) {
                    continue;
                }
                inComment = false;
                line = line.substring(end + 2).strip();
            }
            if (line.startsWith("/*")) {
                inComment = !line.contains("*/");
                continue;
            }
            if (line.startsWith("//") || line.startsWith("*") || line.isEmpty()) {
                continue;
            }
            int comment = line.indexOf("//");
            if (comment >= 0) {
                line = line.substring(0, comment).strip();
            }
            Matcher type = JAVA_TYPE.matcher(line);
            if (type.matches()) {
                out.add("  " + shorten(cutAt(type.group(1), '{')));
                continue;
            }
            Matcher method = JAVA_PUBLIC_METHOD.matcher(line);
            int assignment = line.indexOf('=');
            if (method.matches() && (assignment < 0 || assignment > line.indexOf('('))) {
                out.add("    " + shorten(signature(method.group(1))));
            }
        }
        return out;
    }

    static List<String> python(String text) {
        var out = new ArrayList<String>();
        boolean inClass = false;
        String methodIndent = null;
        for (String line : text.split("\\R")) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            Matcher m = PYTHON.matcher(line);
            String indent = m.matches() ? m.group(1) : line.substring(0, line.length() - line.stripLeading().length());
            if (indent.isEmpty()) {
                inClass = m.matches() && m.group(2).equals("class");
                methodIndent = null;
                if (m.matches()) {
                    out.add("  " + shorten(signature(line.strip())));
                }
                continue;
            }
            if (inClass && m.matches() && !m.group(2).equals("class")) {
                if (methodIndent == null) {
                    methodIndent = indent;
                }
                if (indent.equals(methodIndent)) {
                    out.add("    " + shorten(signature(line.strip())));
                }
            } else if (inClass && methodIndent == null) {
                methodIndent = indent;
            }
        }
        return out;
    }

    /** The declaration up to its closing parenthesis, or its first line followed by {@code …)}. */
    private static String signature(String line) {
        int open = line.indexOf('(');
        if (open < 0) {
            return cutAt(cutAt(line, '{'), ':');
        }
        int depth = 0;
        for (int i = open; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                String rest = line.substring(i + 1);
                int arrow = rest.indexOf("->");
                if (arrow >= 0 && rest.strip().endsWith(":")) {
                    return line.substring(0, i + 1) + " " + rest.substring(arrow, rest.lastIndexOf(':')).strip();
                }
                return line.substring(0, i + 1);
            }
        }
        return line.strip() + " …)";
    }

    private static String cutAt(String line, char c) {
        int at = line.indexOf(c);
        return (at < 0 ? line : line.substring(0, at)).strip();
    }

    private static String shorten(String line) {
        String single = line.replaceAll("\\s+", " ");
        return single.length() <= MAX_LINE ? single : single.substring(0, MAX_LINE - 1) + "…";
    }
}
