package dev.openevolve.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * JSON documents of the store: string and number maps and string lists. Non-finite numbers are
 * written as the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"} (JSON has no
 * literal for them) and read back as numbers. Thread safe.
 */
final class JsonCodec {
    private static final TypeReference<Map<String, Double>> DOUBLES = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<List<String>> LIST = new TypeReference<>() { };
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final ObjectMapper mapper = new ObjectMapper();

    String write(Object value) {
        if (value instanceof Map<?, ?> m && m.isEmpty()) {
            return "{}";
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A string map as a JSON object, written without a general-purpose serializer (the per-sample hot path). */
    String writeStrings(Map<String, String> map) {
        if (map.isEmpty()) {
            return "{}";
        }
        StringBuilder sb = new StringBuilder(16 * map.size() + 2).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(sb, e.getKey()).append(':');
            quote(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }

    Map<String, Double> doubles(String json) {
        return Map.copyOf(read(json, DOUBLES));
    }

    Map<String, String> strings(String json) {
        return Map.copyOf(read(json, STRINGS));
    }

    List<String> list(String json) {
        return List.copyOf(read(json, LIST));
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
