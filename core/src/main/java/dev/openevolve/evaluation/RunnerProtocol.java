package dev.openevolve.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openevolve.evaluation.runner.HarnessRunner;
import dev.openevolve.internal.sandbox.SandboxLimits;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.OpenEvolveException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The host side of the runners' protocol (the Java {@link HarnessRunner} and the Python runner): find the result
 * line, turn its JSON into an {@link EvaluationResult}, and explain a run that ended without one. Thread safe.
 */
final class RunnerProtocol {
    static final int STDERR_ARTIFACT_CHARS = 4000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunnerProtocol() {
    }

    /**
     * A decoded reply: the result, whether the runner saw threads left running (worker must be recycled), and the
     * pid of the child the Python runner keeps for the candidate's next stage ({@code -1}: none).
     */
    record Reply(EvaluationResult result, boolean dirty, long keptPid) {
    }

    /** The JSON of the result line for {@code nonce} in {@code stdout}, if the runner printed one. */
    static Optional<String> findResult(String stdout, String nonce) {
        String prefix = HarnessRunner.MARKER + " " + nonce + " ";
        for (String line : stdout.split("\n")) {
            if (line.startsWith(prefix)) {
                return Optional.of(line.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    /**
     * Decodes a runner's JSON. A candidate's exception, stack overflow or out-of-memory becomes a failed result;
     * a broken harness or evaluator file is an evaluator error.
     *
     * @param subject what ran, for messages ({@code "harness Score"}, {@code "evaluator.py"})
     * @throws OpenEvolveException when the harness/evaluator itself is unusable or the JSON is not the protocol's
     */
    static Reply decode(String json, String subject, String stderr, SandboxLimits limits) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new OpenEvolveException("runner of " + subject + " printed an invalid result line: " + e.getOriginalMessage());
        }
        boolean dirty = root.path("dirty").asBoolean(false);
        long kept = root.path("kept").asLong(-1);
        Map<String, String> artifacts = new LinkedHashMap<>();
        addStderr(artifacts, stderr);
        String status = root.path("status").asText("");
        if (status.equals("ok")) {
            return new Reply(success(root, artifacts), dirty, kept);
        }
        String kind = root.path("kind").asText("");
        String message = root.path("message").asText("");
        String trace = root.path("trace").asText("");
        if (!trace.isBlank()) {
            artifacts.put("stacktrace", trace);
        }
        EvaluationResult result = switch (kind) {
            case "exception" -> EvaluationResult.failure(processLimit(message + trace, limits)
                    .orElse(subject + " threw " + firstLine(message)), artifacts);
            case "stack_overflow" -> EvaluationResult.failure(
                    "stack overflow (deep recursion): " + firstLine(message), artifacts);
            case "oom" -> EvaluationResult.failure(outOfMemory(limits.memoryLimitMb()), artifacts);
            case "ended" -> EvaluationResult.failure(firstLine(message), artifacts);
            case "harness", "protocol" -> throw new OpenEvolveException(subject + " cannot be used: " + message);
            default -> throw new OpenEvolveException("runner of " + subject + " reported unknown status '" + status
                    + "' / kind '" + kind + "'");
        };
        return new Reply(result, dirty, kept);
    }

    private static EvaluationResult success(JsonNode root, Map<String, String> artifacts) {
        Map<String, Double> metrics = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("metrics").properties()) {
            JsonNode v = e.getValue();
            if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                return EvaluationResult.failure("metric '" + e.getKey() + "' must be a finite number but was "
                        + (v.isTextual() ? v.asText() : v.toString()), artifacts);
            }
            metrics.put(e.getKey(), v.doubleValue());
        }
        for (Map.Entry<String, JsonNode> e : root.path("artifacts").properties()) {
            artifacts.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
        }
        return EvaluationResult.success(metrics, artifacts);
    }

    /**
     * Explains a run that printed no result: the sandbox limit hit, the process cap, running out of memory (the JVM
     * reports {@code -XX:+ExitOnOutOfMemoryError} on stdout), or the process ending on its own (for a JVM:
     * {@code System.exit}/{@code Runtime.halt} in the candidate).
     */
    static EvaluationResult withoutResult(Optional<String> limitHit, int exitCode, String stderr, String stdout,
                                          SandboxLimits limits, String endedEarly) {
        Map<String, String> artifacts = new LinkedHashMap<>();
        addStderr(artifacts, stderr);
        if (limitHit.isPresent()) {
            return EvaluationResult.failure(limitHit.get(), artifacts);
        }
        String output = stderr + "\n" + stdout;
        Optional<String> processes = processLimit(output, limits);
        if (processes.isPresent()) {
            return EvaluationResult.failure(processes.get(), artifacts);
        }
        if (output.contains("OutOfMemoryError") || output.contains("MemoryError")) {
            return EvaluationResult.failure(outOfMemory(limits.memoryLimitMb()), artifacts);
        }
        return EvaluationResult.failure(endedEarly.replace("{code}", Integer.toString(exitCode)), artifacts);
    }

    static String outOfMemory(int memoryLimitMb) {
        return "out of memory: the candidate exceeded the memory limit of " + memoryLimitMb
                + " MB (evaluation.memory_limit_mb)";
    }

    /** The process-cap failure when {@code text} shows fork or thread creation refused (EAGAIN). */
    static Optional<String> processLimit(String text, SandboxLimits limits) {
        if (text.contains("unable to create native thread") || text.contains("Resource temporarily unavailable")
                || text.contains("error=11,") || text.contains("BlockingIOError")) {
            return Optional.of("process limit reached: the candidate tried to run more than " + limits.maxProcesses()
                    + " processes and threads (sandbox max processes)");
        }
        return Optional.empty();
    }

    static void addStderr(Map<String, String> artifacts, String stderr) {
        if (!stderr.isBlank()) {
            artifacts.put("stderr", stderr.length() > STDERR_ARTIFACT_CHARS
                    ? stderr.substring(stderr.length() - STDERR_ARTIFACT_CHARS) : stderr);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
