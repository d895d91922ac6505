package dev.openevolve.internal.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt template: text with {@code {name}} placeholders ({@code name} of lower-case letters, digits and
 * underscores); {@code {{} and {@code }}} stand for literal braces. Substitution is a single pass, so
 * values (program code) are never read as templates. Immutable.
 */
final class Template {
    private static final Pattern TOKEN = Pattern.compile("\\{\\{|}}|\\{([a-z][a-z0-9_]*)}");

    private final String origin;
    private final String text;
    private final boolean literal;
    private final Set<String> used;

    private Template(String origin, String text, boolean literal, Set<String> used) {
        this.origin = origin;
        this.text = text;
        this.literal = literal;
        this.used = Set.copyOf(used);
    }

    /** A template used as written: braces are text, as OpenEvolve uses its system message files. */
    static Template literal(String origin, String text) {
        return new Template(origin, text, true, Set.of());
    }

    /** Whether the template uses placeholder {@code name}. */
    boolean uses(String name) {
        return used.contains(name);
    }

    /**
     * A template read from {@code origin} (a file path or built-in name, for messages), checked against the
     * placeholders it may use and must use; each violation is added to {@code problems}.
     */
    static Template parse(String origin, String text, Set<String> allowed, Set<String> required, List<String> problems) {
        Set<String> used = new TreeSet<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) {
                used.add(m.group(1));
            }
        }
        for (String name : used) {
            if (!allowed.contains(name)) {
                problems.add("prompt template " + origin + " uses unknown placeholder {" + name + "}; known placeholders are "
                        + braces(allowed) + " (write {{ and }} for literal braces)");
            }
        }
        for (String name : required) {
            if (!used.contains(name)) {
                problems.add("prompt template " + origin + " lacks the required placeholder {" + name + "}");
            }
        }
        return new Template(origin, text, false, used);
    }

    /** The text with every placeholder replaced by its value from {@code values}. */
    String render(Map<String, String> values) {
        if (literal) {
            return text;
        }
        Matcher m = TOKEN.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 256);
        while (m.find()) {
            String replacement;
            if (m.group(1) == null) {
                replacement = m.group().substring(1);
            } else {
                replacement = values.get(m.group(1));
                if (replacement == null) {
                    throw new IllegalStateException("no value for placeholder {" + m.group(1) + "} of " + origin);
                }
            }
            m.appendReplacement(out, "");   // the text before the token; the value itself is copied as is
            out.append(replacement);
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String braces(Set<String> names) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(names));
        return String.join(", ", sorted.stream().map(n -> "{" + n + "}").toList());
    }
}
