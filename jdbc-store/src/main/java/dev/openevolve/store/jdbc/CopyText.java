package dev.openevolve.store.jdbc;

import java.time.Instant;

/**
 * Writes values in PostgreSQL's {@code COPY ... FROM STDIN} text format: columns separated by tabs,
 * rows ended by newlines, {@code \N} for null, and backslash, tab, newline and carriage return
 * escaped with a backslash so that no data byte can end a field or a row. Not thread safe: one
 * instance per batch.
 */
final class CopyText {
    private final StringBuilder out;
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedPrefix = "";

    CopyText(int capacity) {
        this.out = new StringBuilder(capacity);
    }

    CopyText text(String value) {
        if (value == null) {
            out.append("\\N");
            return this;
        }
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return this;
    }

    /** A value whose text never holds a character that needs escaping (numbers, booleans, ISO instants). */
    CopyText plain(String value) {
        out.append(value);
        return this;
    }

    /** An instant as ISO-8601 UTC with microseconds; the text of its second is computed once per second. */
    CopyText instant(Instant instant) {
        long second = instant.getEpochSecond();
        if (second != cachedSecond) {
            String whole = Instant.ofEpochSecond(second).toString();
            cachedPrefix = whole.substring(0, whole.length() - 1);
            cachedSecond = second;
        }
        int micros = instant.getNano() / 1000;
        out.append(cachedPrefix).append('.');
        for (int scale = 100_000; scale > 0; scale /= 10) {
            out.append((char) ('0' + micros / scale % 10));
        }
        out.append('Z');
        return this;
    }

    CopyText number(long value) {
        out.append(value);
        return this;
    }

    CopyText tab() {
        out.append('\t');
        return this;
    }

    CopyText endRow() {
        out.append('\n');
        return this;
    }

    int length() {
        return out.length();
    }

    /** Hands out the text written so far and starts afresh. */
    String drain() {
        String s = out.toString();
        out.setLength(0);
        return s;
    }
}
