package dev.openevolve.internal.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds the decimal numeric literals of source text that can be rewritten safely: outside comments and
 * string or character literals, not part of an identifier ({@code x2}), not hexadecimal, binary, octal or
 * imaginary. The language is not known, so the comment syntax is guessed from the marker lines
 * ({@code // EVOLVE-BLOCK-START} or {@code # EVOLVE-BLOCK-START}) or from the comments the program holds;
 * when in doubt both {@code #} and {@code //} start comments, which only hides literals.
 */
final class LiteralScanner {

    enum CommentStyle { SLASH, HASH, BOTH }

    /** Characters after which a minus sign is a unary minus. */
    private static final String UNARY_CONTEXT = "=(,[{:?+-*/%<>!&|^~;";
    private static final Set<String> UNARY_KEYWORDS = Set.of("return", "case", "yield", "in", "and", "or", "not",
            "else", "then", "do", "assert", "lambda", "print", "throw");
    private static final Set<String> MUTABLE_SUFFIXES = Set.of("", "f", "F", "d", "D", "l", "L");

    private final String text;
    private final CommentStyle style;
    private final List<NumericLiteral> found = new ArrayList<>();
    private int pos;
    private int line = 1;

    private LiteralScanner(String text, CommentStyle style) {
        this.text = text;
        this.style = style;
    }

    /** The rewritable literals of {@code text} (LF line breaks), in order. */
    static List<NumericLiteral> scan(String text) {
        LiteralScanner scanner = new LiteralScanner(text, detectStyle(text));
        scanner.run();
        return List.copyOf(scanner.found);
    }

    static CommentStyle detectStyle(String text) {
        boolean slash = false;
        boolean hash = false;
        for (String l : text.split("\n", -1)) {
            String t = l.strip();
            if (t.contains("EVOLVE-BLOCK-")) {
                if (t.startsWith("#")) {
                    return CommentStyle.HASH;
                }
                if (t.startsWith("//") || t.startsWith("/*")) {
                    return CommentStyle.SLASH;
                }
            }
            if (t.startsWith("//") || t.contains("/*")) {
                slash = true;
            }
            if (t.startsWith("#") && !t.matches("#\\s*(include|define|if|ifdef|ifndef|endif|else|pragma|undef).*")) {
                hash = true;
            }
        }
        if (slash != hash) {
            return slash ? CommentStyle.SLASH : CommentStyle.HASH;
        }
        return CommentStyle.BOTH;
    }

    private void run() {
        int n = text.length();
        while (pos < n) {
            char c = text.charAt(pos);
            char next = pos + 1 < n ? text.charAt(pos + 1) : '\0';
            if (c == '\n') {
                line++;
                pos++;
            } else if (c == '#' && style != CommentStyle.SLASH) {
                skipToEndOfLine();
            } else if (c == '/' && next == '/' && style != CommentStyle.HASH) {
                skipToEndOfLine();
            } else if (c == '/' && next == '*' && style != CommentStyle.HASH) {
                skipPast("*/", pos + 2);
            } else if ((c == '"' || c == '\'') && text.startsWith(String.valueOf(c).repeat(3), pos)) {
                skipQuoted(String.valueOf(c).repeat(3), true);
            } else if (c == '"' || c == '\'') {
                skipQuoted(String.valueOf(c), false);
            } else if (c == '`') {
                skipQuoted("`", true);
            } else if (Character.isJavaIdentifierStart(c)) {
                while (pos < n && Character.isJavaIdentifierPart(text.charAt(pos))) {
                    pos++;
                }
            } else if (isDigit(c) && pos > 0 && text.charAt(pos - 1) == '.' && isIdentifierOrClose(pos - 2)) {
                while (pos < n && Character.isJavaIdentifierPart(text.charAt(pos))) {
                    pos++;
                }
            } else if (isDigit(c) || (c == '.' && isDigit(next) && !isIdentifierOrClose(pos - 1)
                    && (pos == 0 || text.charAt(pos - 1) != '.'))) {
                number();
            } else {
                pos++;
            }
        }
    }

    private void number() {
        int start = pos;
        int n = text.length();
        boolean mutable = true;
        boolean floating = false;
        if (text.charAt(pos) == '0' && pos + 1 < n && "xXbBoO".indexOf(text.charAt(pos + 1)) >= 0) {
            pos += 2;
            while (pos < n && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return;
        }
        digitsAt();
        if (pos < n && text.charAt(pos) == '.') {
            char after = pos + 1 < n ? text.charAt(pos + 1) : '\0';
            if (isDigit(after) || !(after == '.' || Character.isJavaIdentifierStart(after))) {
                floating = true;
                pos++;
                digitsAt();
            }
        }
        if (pos < n && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < n && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < n && isDigit(text.charAt(pos))) {
                floating = true;
                digitsAt();
            } else {
                pos = save;
            }
        }
        int digitsEnd = pos;
        while (pos < n && pos - digitsEnd < 3 && "fFdDlLuUjJ".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String digits = text.substring(start, digitsEnd);
        String suffix = text.substring(digitsEnd, pos);
        if (pos < n && Character.isJavaIdentifierPart(text.charAt(pos))) {
            while (pos < n && Character.isJavaIdentifierPart(text.charAt(pos))) {
                pos++;
            }
            return;
        }
        if (!MUTABLE_SUFFIXES.contains(suffix) || badUnderscores(digits)) {
            mutable = false;
        }
        boolean floatSuffix = "fFdD".contains(suffix) && !suffix.isEmpty();
        if (!floating && !floatSuffix && digits.length() > 1 && digits.charAt(0) == '0') {
            mutable = false;
        }
        if (!mutable) {
            return;
        }
        int minus = unaryMinus(start);
        boolean signFree = minus >= 0 || signMayPrecede(start);
        found.add(new NumericLiteral(minus >= 0 ? minus : start, pos, digits, suffix, minus >= 0,
                floating || floatSuffix, line, signFree));
    }

    /** Whether writing {@code -} right before offset {@code start} keeps the code valid. */
    private boolean signMayPrecede(int start) {
        if (start > 0 && text.charAt(start - 1) == '-') {
            return false;
        }
        int p = start - 1;
        while (p >= 0 && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
            p--;
        }
        return p < 0 || text.charAt(p) == '\n' || UNARY_CONTEXT.indexOf(text.charAt(p)) >= 0
                || UNARY_KEYWORDS.contains(wordEndingAt(p));
    }

    /** The offset of a unary minus in front of the literal at {@code start} on the same line, or -1. */
    private int unaryMinus(int start) {
        int m = start - 1;
        while (m >= 0 && (text.charAt(m) == ' ' || text.charAt(m) == '\t')) {
            m--;
        }
        if (m < 0 || text.charAt(m) != '-') {
            return -1;
        }
        int p = m - 1;
        while (p >= 0 && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
            p--;
        }
        if (p < 0 || text.charAt(p) == '\n' || UNARY_CONTEXT.indexOf(text.charAt(p)) >= 0) {
            return p >= 0 && text.charAt(p) == '-' && p == m - 1 ? -1 : m;
        }
        return UNARY_KEYWORDS.contains(wordEndingAt(p)) ? m : -1;
    }

    private String wordEndingAt(int p) {
        int s = p;
        while (s >= 0 && Character.isJavaIdentifierPart(text.charAt(s))) {
            s--;
        }
        return text.substring(s + 1, p + 1);
    }

    private void digitsAt() {
        while (pos < text.length() && (isDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
    }

    private static boolean badUnderscores(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) == '_') {
                boolean before = i > 0 && isDigit(digits.charAt(i - 1)) || i > 0 && digits.charAt(i - 1) == '_';
                boolean after = i + 1 < digits.length() && (isDigit(digits.charAt(i + 1)) || digits.charAt(i + 1) == '_');
                if (!before || !after) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean isIdentifierOrClose(int p) {
        if (p < 0) {
            return false;
        }
        char c = text.charAt(p);
        return Character.isJavaIdentifierPart(c) || c == ')' || c == ']';
    }

    private void skipToEndOfLine() {
        while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void skipPast(String close, int from) {
        int end = text.indexOf(close, from);
        int stop = end < 0 ? text.length() : end + close.length();
        countLines(pos, stop);
        pos = stop;
    }

    /** Skips a quoted literal; single-line quotes also end at the line's end, so a stray quote hides one line only. */
    private void skipQuoted(String quote, boolean multiLine) {
        int i = pos + quote.length();
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '\n' && !multiLine) {
                break;
            }
            if (text.startsWith(quote, i)) {
                i += quote.length();
                break;
            }
            i++;
        }
        i = Math.min(i, n);
        countLines(pos, i);
        pos = i;
    }

    private void countLines(int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
