package dev.openevolve.internal.diff;

import java.util.ArrayList;
import java.util.List;

/** Line helpers shared by the diff classes; lines are separated by {@code \n}, a trailing {@code \r} is ignored. */
final class Lines {
    private Lines() {
    }

    /** The lines of {@code text} without their terminators; a text ending in a newline has no empty last line. */
    static List<String> split(String text) {
        List<String> lines = new ArrayList<>();
        int from = 0;
        int len = text.length();
        while (from < len) {
            int nl = text.indexOf('\n', from);
            int to = nl < 0 ? len : nl;
            lines.add(stripCr(text.substring(from, to)));
            from = nl < 0 ? len : nl + 1;
        }
        return lines;
    }

    /** {@code text} with every CRLF and lone CR turned into LF. */
    static String normalize(String text) {
        return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** The offset at which each line starts; entry {@code i} is line {@code i + 1}. */
    static int[] starts(String text) {
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        int[] starts = new int[count];
        int k = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts[k++] = i + 1;
            }
        }
        return starts;
    }

    /** The 1-based line holding {@code offset}. */
    static int lineOf(int[] starts, int offset) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    /** {@code line} shortened to {@code max} characters for messages. */
    static String clip(String line, int max) {
        return line.length() <= max ? line : line.substring(0, max) + "...";
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
