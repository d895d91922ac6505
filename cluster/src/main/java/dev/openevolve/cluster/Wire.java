package dev.openevolve.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import dev.openevolve.spi.Candidate;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.OpenEvolveException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * What the controller and the workers exchange through the database: task names and ids, the task payload and
 * the result, as JSON text. Stateless and thread safe.
 */
final class Wire {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TASK_PREFIX = "openevolve-evaluate:";

    /** db-scheduler's task data is our JSON text, stored as UTF-8 (no Java serialization). */
    static final Serializer TEXT = new Serializer() {
        @Override
        public byte[] serialize(Object data) {
            return data == null ? null : ((String) data).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public <T> T deserialize(Class<T> type, byte[] bytes) {
            return type.cast(bytes == null ? null : new String(bytes, StandardCharsets.UTF_8));
        }
    };

    private Wire() {
    }

    /** One db-scheduler task per run, so a worker only ever picks candidates of the run it joined. */
    static String taskName(String runId) {
        return TASK_PREFIX + runId;
    }

    /** A candidate's task id: its program id and the hash of its code, so changed code is never answered with an old result. */
    static String taskId(Candidate candidate) {
        return candidate.id() + "@" + sha256(candidate.code()).substring(0, 16);
    }

    /** A candidate to evaluate, with the hash of the evaluator the controller uses. */
    record Payload(String runId, String programId, String code, String language, String evaluatorHash) {
        Candidate candidate() {
            return new Candidate(programId, code, language);
        }
    }

    /** What a worker reports: metrics, artifacts and the failure reason ({@code null} for a success). */
    record Result(Map<String, Double> metrics, Map<String, String> artifacts, String failure) {
        static Result of(EvaluationResult r) {
            return new Result(r.metrics(), r.artifacts(), r.failure().orElse(null));
        }

        EvaluationResult toEvaluationResult() {
            return new EvaluationResult(metrics, artifacts, failure);
        }
    }

    static String encode(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new OpenEvolveException("cannot encode " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    static <T> T decode(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new OpenEvolveException("cannot decode a cluster " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
