package dev.openevolve.store.jdbc;

import java.util.regex.Pattern;

/** Keeps passwords out of messages: masks secret URL parameters and scrubs a known password. */
final class Secrets {
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("(?i)((?:password|passwd|pwd|secret|token|sslpassword|key)=)([^;&]*)");

    private Secrets() {
    }

    /** {@code url} with the value of every secret-looking parameter replaced by {@code ****}. */
    static String maskUrl(String url) {
        return SECRET_PARAMETER.matcher(url).replaceAll("$1****");
    }

    /** {@code text} with every occurrence of {@code password} replaced by {@code ****}. */
    static String scrub(String text, String password) {
        if (text == null) {
            return "";
        }
        return password == null || password.isEmpty() ? text : text.replace(password, "****");
    }
}
