package dev.openevolve;

/** Small text helpers for messages. */
final class Text {
    private Text() {
    }

    static String tail(String text, int maxChars) {
        return text.length() <= maxChars ? text : "…" + text.substring(text.length() - maxChars);
    }

    static String head(String text, int maxChars) {
        return text.length() <= maxChars ? text : text.substring(0, maxChars) + "…";
    }

    static String firstLine(String text) {
        String trimmed = text.strip();
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl).strip();
    }
}
