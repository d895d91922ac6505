package dev.openevolve.codegraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the module and the bound names out of one import statement's text. Stateless. */
final class Imports {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][\\w$]*");
    private static final Pattern QUOTED = Pattern.compile("[\"'`]([^\"'`]*)[\"'`]");
    private static final int MAX_TEXT = 200;

    private Imports() {
    }

    static Optional<Import> parse(Lang lang, String filePath, String text, int line) {
        String clean = FileParser.oneLine(text, Integer.MAX_VALUE);
        Import parsed = switch (lang) {
            case JAVA -> java(clean, line);
            case PYTHON -> python(clean, line);
            case JAVASCRIPT, TYPESCRIPT, TSX -> script(filePath, clean, line);
            case GO -> go(clean, line);
            case RUST -> rust(clean, line);
        };
        return Optional.ofNullable(parsed);
    }

    private static Import java(String text, int line) {
        String body = strip(text, "import ", ";");
        boolean isStatic = body.startsWith("static ");
        body = isStatic ? body.substring(7).strip() : body;
        if (body.endsWith(".*")) {
            return of(text, line, split(body.substring(0, body.length() - 2), "\\."), List.of());
        }
        List<String> module = split(body, "\\.");
        return module.isEmpty() ? null : of(text, line, module, List.of(module.get(module.size() - 1)));
    }

    private static Import python(String text, int line) {
        if (text.startsWith("from ")) {
            int at = text.indexOf(" import ");
            if (at < 0) {
                return null;
            }
            String module = text.substring(5, at).strip().replaceFirst("^\\.+", "");
            var names = new ArrayList<String>();
            for (String part : text.substring(at + 8).replaceAll("[()]", "").split(",")) {
                names.addAll(aliased(part.strip(), " as "));
            }
            names.remove("*");
            return of(text, line, split(module, "\\."), names);
        }
        var module = new ArrayList<String>();
        var names = new ArrayList<String>();
        for (String part : strip(text, "import ", "").split(",")) {
            String[] asParts = part.strip().split(" as ");
            module = new ArrayList<>(split(asParts[0].strip(), "\\."));
            names.add(asParts.length > 1 ? asParts[1].strip() : asParts[0].strip());
        }
        return of(text, line, module, names);
    }

    private static Import script(String filePath, String text, int line) {
        Matcher quoted = QUOTED.matcher(text);
        String source = null;
        while (quoted.find()) {
            source = quoted.group(1);
        }
        if (source == null) {
            return null;
        }
        List<String> module = source.startsWith(".") ? resolveRelative(filePath, source) : split(source, "/");
        int from = text.lastIndexOf(" from ");
        String clause = from < 0 ? "" : text.substring(text.startsWith("import type ") ? 12 : 7, from);
        var names = new ArrayList<String>();
        for (String part : clause.replaceAll("[{}]", ",").split(",")) {
            String p = part.strip().replaceFirst("^\\* as ", "").replaceFirst("^type ", "");
            if (!p.isEmpty()) {
                names.addAll(aliased(p, " as "));
            }
        }
        return of(text, line, module, names);
    }

    private static Import go(String text, int line) {
        Matcher quoted = QUOTED.matcher(text);
        if (!quoted.find()) {
            return null;
        }
        List<String> module = split(quoted.group(1), "/");
        String alias = text.substring(0, quoted.start()).strip();
        String name = !alias.isEmpty() && !alias.equals("_") && !alias.equals(".") ? alias
                : module.isEmpty() ? "" : module.get(module.size() - 1);
        return of(text, line, module, name.isEmpty() ? List.of() : List.of(name));
    }

    private static Import rust(String text, int line) {
        String body = strip(text.replaceFirst("^pub(\\([^)]*\\))? ", ""), "use ", ";");
        int brace = body.indexOf('{');
        List<String> module;
        var names = new ArrayList<String>();
        if (brace >= 0) {
            module = split(body.substring(0, brace).replaceAll("::\\s*$", ""), "::");
            for (String part : body.substring(brace).replaceAll("[{}]", "").split(",")) {
                String p = part.strip();
                if (p.equals("self")) {
                    if (!module.isEmpty()) {
                        names.add(module.get(module.size() - 1));
                    }
                } else if (!p.isEmpty() && !p.equals("*")) {
                    List<String> path = split(p.split(" as ")[0], "::");
                    names.add(p.contains(" as ") ? p.split(" as ")[1].strip() : path.get(path.size() - 1));
                }
            }
        } else {
            module = split(body.split(" as ")[0], "::");
            if (!module.isEmpty() && !body.endsWith("*")) {
                names.addAll(aliased(body.replace("::", "."), " as ").stream()
                        .map(n -> n.substring(n.lastIndexOf('.') + 1)).toList());
            }
        }
        module = module.stream().filter(s -> !s.equals("crate") && !s.equals("self") && !s.equals("super")
                && !s.equals("*")).toList();
        return of(text, line, module, names);
    }

    /** {@code a as b} gives {@code [a, b]} (both names may be written in the file); {@code a} gives {@code [a]}. */
    private static List<String> aliased(String part, String as) {
        String[] parts = part.split(as);
        var out = new ArrayList<String>();
        for (String p : parts) {
            String name = p.strip();
            int dot = name.lastIndexOf('.');
            name = dot < 0 ? name : name.substring(dot + 1);
            if (IDENTIFIER.matcher(name).matches() || name.equals("*")) {
                out.add(name);
            }
        }
        return out;
    }

    /** The segments of {@code source} (starting with {@code ./} or {@code ../}) resolved from the importing file. */
    static List<String> resolveRelative(String filePath, String source) {
        var segments = new ArrayList<>(Arrays.asList(filePath.split("/")));
        segments.remove(segments.size() - 1);
        for (String part : source.split("/")) {
            if (part.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
            } else if (!part.equals(".") && !part.isEmpty()) {
                segments.add(part);
            }
        }
        if (!segments.isEmpty()) {
            String last = segments.get(segments.size() - 1);
            segments.set(segments.size() - 1, last.replaceFirst("\\.(js|mjs|cjs|jsx|ts|mts|cts|tsx)$", ""));
        }
        return segments;
    }

    private static List<String> split(String text, String separator) {
        return Arrays.stream(text.strip().split(separator)).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String strip(String text, String prefix, String suffix) {
        String s = text.startsWith(prefix) ? text.substring(prefix.length()) : text;
        s = !suffix.isEmpty() && s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
        return s.strip();
    }

    private static Import of(String text, int line, List<String> module, List<String> names) {
        return new Import(line, FileParser.oneLine(text, MAX_TEXT), module, names);
    }
}
