package dev.openevolve.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.openevolve.OpenEvolveCheckpoint;
import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.Program;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Programs as JSON objects, for checkpoint directories and best-program files. */
final class ProgramJson {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final ObjectMapper COMPACT = new ObjectMapper();

    private ProgramJson() {
    }

    static Map<String, Object> toMap(Program p) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", p.id());
        m.put("language", p.language());
        m.put("parent_id", p.parentId());
        m.put("generation", p.generation());
        m.put("iteration", p.iteration());
        m.put("island", p.island());
        m.put("fitness", p.fitness());
        m.put("metrics", p.metrics());
        m.put("artifacts", p.artifacts());
        m.put("changes", p.changes());
        m.put("created_at", p.createdAt().toString());
        m.put("code", p.code());
        return m;
    }

    /**
     * A program in OpenEvolve's {@code Program.to_dict} shape ({@code iteration_found}, {@code timestamp} in
     * epoch seconds, {@code metadata.island}, {@code changes_description}), for OpenEvolve's tools.
     */
    static Map<String, Object> toOpenEvolve(Program p) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", p.id());
        m.put("code", p.code());
        m.put("language", p.language());
        m.put("parent_id", p.parentId());
        m.put("generation", p.generation());
        m.put("timestamp", p.createdAt().toEpochMilli() / 1000.0);
        m.put("iteration_found", p.iteration());
        var metrics = new LinkedHashMap<String, Object>(p.metrics());
        if (!p.artifacts().containsKey("failure")) {
            metrics.putIfAbsent("combined_score", p.fitness());
        }
        m.put("metrics", metrics);
        m.put("complexity", (double) p.code().length());
        m.put("diversity", 0.0);
        m.put("metadata", Map.of("island", p.island(), "changes", p.changes()));
        var artifacts = new java.util.TreeMap<>(p.artifacts());
        String description = artifacts.remove(OpenEvolveCheckpoint.CHANGES_DESCRIPTION);
        m.put("changes_description", description != null ? description : p.changes());
        m.put("artifacts_json", artifacts.isEmpty() ? null : line(artifacts));
        m.put("artifact_dir", null);
        return m;
    }

    private static String line(Map<String, String> values) {
        try {
            return COMPACT.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new OpenEvolveException("cannot write artifacts as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String line(Program p) {
        try {
            return COMPACT.writeValueAsString(toMap(p));
        } catch (JsonProcessingException e) {
            throw new OpenEvolveException("cannot write program " + p.id() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Program parse(String json, String source) {
        try {
            Map<String, Object> m = COMPACT.readValue(json, new TypeReference<>() { });
            return new Program((String) m.get("id"), (String) m.get("code"), (String) m.get("language"),
                    (String) m.get("parent_id"), ((Number) m.get("generation")).intValue(),
                    ((Number) m.get("iteration")).longValue(), ((Number) m.get("island")).intValue(),
                    doubles(m.get("metrics")), strings(m.get("artifacts")), (String) m.get("changes"),
                    Instant.parse((String) m.get("created_at")));
        } catch (JsonProcessingException | ClassCastException | NullPointerException e) {
            throw new OpenEvolveException(source + " does not hold a valid program: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> doubles(Object o) {
        var out = new LinkedHashMap<String, Double>();
        ((Map<String, Object>) o).forEach((k, v) -> out.put(k, ((Number) v).doubleValue()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> strings(Object o) {
        return (Map<String, String>) o;
    }
}
