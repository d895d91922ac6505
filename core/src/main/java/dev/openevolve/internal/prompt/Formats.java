package dev.openevolve.internal.prompt;

import dev.openevolve.spi.EvaluationResult;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Text formatting for prompts: numbers, metric lists, truncation. */
final class Formats {
    private Formats() {
    }

    /** A number with six significant digits, plain for ordinary magnitudes, scientific otherwise. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-4 || a >= 1e9)) {
            return String.format(Locale.ROOT, "%.5e", v);
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** Metrics in name order, {@code combined_score} first, one {@code - name: value} line each. */
    static String metricLines(Map<String, Double> metrics) {
        if (metrics.isEmpty()) {
            return "- (none: the program has not been evaluated successfully)";
        }
        List<String> lines = new ArrayList<>();
        ordered(metrics).forEach((k, v) -> lines.add("- " + k + ": " + number(v)));
        return String.join("\n", lines);
    }

    /** Metrics in name order, {@code combined_score} first, as {@code name=value, ...}. */
    static String metricsInline(Map<String, Double> metrics) {
        if (metrics.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        ordered(metrics).forEach((k, v) -> parts.add(k + "=" + number(v)));
        return String.join(", ", parts);
    }

    private static Map<String, Double> ordered(Map<String, Double> metrics) {
        Map<String, Double> sorted = new TreeMap<>((a, b) -> {
            boolean ca = a.equals(EvaluationResult.COMBINED_SCORE);
            boolean cb = b.equals(EvaluationResult.COMBINED_SCORE);
            return ca == cb ? a.compareTo(b) : ca ? -1 : 1;
        });
        sorted.putAll(metrics);
        return sorted;
    }

    /** {@code text} cut to at most {@code max} characters, with a note saying how much was left out. */
    static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "\n... [truncated: " + (text.length() - max) + " more characters]";
    }

    /** {@code code} cut at a line boundary to at most {@code max} characters, with a note of the lines left out. */
    static String truncateLines(String code, int max) {
        if (code.length() <= max) {
            return code;
        }
        int cut = code.lastIndexOf('\n', max);
        if (cut <= 0) {
            cut = max;
        }
        long rest = code.substring(cut).lines().filter(l -> !l.isEmpty()).count();
        return code.substring(0, cut) + "\n... [truncated: " + rest + " more lines]";
    }

    /** {@code text} without its trailing line breaks. */
    static String chomp(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }
}
