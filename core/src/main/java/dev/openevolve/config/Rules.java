package dev.openevolve.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The elementary rules shared by validation and the records' with-ers, and value formatting for
 * messages. Each check returns the broken rule's text, or {@code null} when the value is fine.
 */
final class Rules {
    private static final Pattern LOWER_ID = Pattern.compile("[a-z][a-z0-9+#._-]*");
    private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/:@\\s]*:)[^/@\\s]*@");
    private static final Pattern URL_PASSWORD_PARAM = Pattern.compile("(?i)((?:password|passwd|pwd)=)[^&;\\s]*");

    private Rules() {
    }

    static String atLeast(long value, long min) {
        return value >= min ? null : "must be at least " + min;
    }

    static String between(double value, double min, double max) {
        return value >= min && value <= max ? null : "must be between " + number(min) + " and " + number(max);
    }

    static String aboveZeroAtMost(double value, double max) {
        return value > 0 && value <= max ? null : "must be greater than 0 and at most " + number(max);
    }

    static String finiteAtLeastZero(double value) {
        return Double.isFinite(value) && value >= 0 ? null : "must be a finite number of at least 0";
    }

    static String positive(Duration value) {
        return !value.isNegative() && !value.isZero() ? null : "must be greater than 0 seconds";
    }

    static String notBlank(String value) {
        return value != null && !value.isBlank() ? null : "must not be blank";
    }

    /** Provider ids and language names: lower case, starting with a letter. */
    static String lowerCaseId(String value) {
        if (value == null || value.isBlank()) {
            return "must not be blank";
        }
        return LOWER_ID.matcher(value).matches() ? null
                : "must be lower case, start with a letter and contain only letters, digits and + # . _ -";
    }

    /** Throws the {@link IllegalArgumentException} a with-er raises for a broken rule. */
    static void requireArgument(String argument, String violation, Object value) {
        if (violation != null) {
            throw new IllegalArgumentException(argument + " " + violation + " but was '" + shown(argument, value)
                    + "'");
        }
    }

    private static String shown(String argument, Object value) {
        if (value == null) {
            return "null";
        }
        return ConfigProblem.isSecret(argument) ? "****" : maskUrlSecrets(text(value));
    }

    /** A value as text for messages: numbers without a needless {@code .0}, durations in seconds. */
    static String text(Object value) {
        if (value instanceof Double d) {
            return number(d);
        }
        if (value instanceof Duration d) {
            return seconds(d);
        }
        return String.valueOf(value);
    }

    static String number(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        String s = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    static String seconds(Duration value) {
        return BigDecimal.valueOf(value.toNanos(), 9).stripTrailingZeros().toPlainString();
    }

    /** {@code jdbc:postgresql://u:secret@h/db?password=x} with both passwords replaced by {@code ****}. */
    static String maskUrlSecrets(String text) {
        if (text.indexOf('@') < 0 && text.indexOf('=') < 0) {
            return text;
        }
        String masked = URL_USER_INFO.matcher(text).replaceAll("$1****@");
        return URL_PASSWORD_PARAM.matcher(masked).replaceAll("$1****");
    }
}
