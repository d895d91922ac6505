package dev.openevolve.cluster;

import java.util.regex.Pattern;

/** Hides passwords that a JDBC URL may carry. Stateless. */
final class Masking {
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@]+:)[^@/]*@");

    private Masking() {
    }

    static String url(String url) {
        return USER_INFO.matcher(PASSWORD.matcher(url).replaceAll("$1****")).replaceAll("$1****@");
    }
}
