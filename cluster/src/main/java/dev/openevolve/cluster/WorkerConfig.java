package dev.openevolve.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.openevolve.config.ConfigLoader;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.spi.OpenEvolveException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A worker's configuration file: an OpenEvolve configuration (its {@code database} section names the cluster's
 * PostgreSQL, its {@code evaluation} section this worker's timeout and sandbox limits; {@code OPENEVOLVE_DB_*}
 * variables apply) with a {@code worker} section:
 *
 * <pre>
 * worker:
 *   run: cli                  # the controller's run id (required)
 *   evaluator: evaluator.py   # this machine's copy of the run's evaluator, relative to this file (required)
 *   threads: 2                # candidates evaluated at once (default 1)
 *   join_timeout: 600         # seconds to wait for the run's controller (default 600)
 *   poll_interval: 2          # seconds between looks for tasks when no notification came (default 2)
 *   heartbeat_interval: 2     # seconds between heartbeats (default 2)
 *   missed_heartbeats: 4      # heartbeats missed before a task goes to another worker (default 4)
 * </pre>
 *
 * @param file     where it was read from
 * @param config   the OpenEvolve configuration without the worker section
 * @param settings the cluster connection
 * @param runId    the run to join
 * @param evaluator the evaluator file, resolved against the configuration file's directory
 * @param threads  candidates at once
 * @param joinTimeout how long to wait for the run
 */
record WorkerConfig(Path file, OpenEvolveConfig config, ClusterSettings settings, String runId, Path evaluator,
                    int threads, Duration joinTimeout) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYS = Set.of("run", "evaluator", "threads", "join_timeout", "poll_interval",
            "heartbeat_interval", "missed_heartbeats");

    /**
     * Reads {@code file}; every problem is reported at once, naming the key and the value.
     *
     * @throws OpenEvolveException naming the file and the problems
     */
    static WorkerConfig load(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OpenEvolveException("cannot read worker configuration " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new OpenEvolveException(file + " is not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new OpenEvolveException(file + " must be a YAML mapping with a 'worker' section");
        }
        JsonNode worker = ((ObjectNode) root).remove("worker");
        if (worker == null || !worker.isObject()) {
            throw new OpenEvolveException(file + ": the 'worker' section (run, evaluator, threads, ...) is missing");
        }
        OpenEvolveConfig config;
        try {
            config = ConfigLoader.fromYaml(root.isEmpty() ? "{}" : YAML.writeValueAsString(root), file.toString(), env);
        } catch (JsonProcessingException e) {
            throw new OpenEvolveException("cannot read " + file + ": " + e.getOriginalMessage(), e);
        }
        var problems = new ArrayList<String>();
        for (Iterator<String> names = worker.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                problems.add("worker." + name + " is not a known key (known: " + String.join(", ", KEYS.stream()
                        .sorted().toList()) + ")");
            }
        }
        String run = text(worker, "run", problems);
        String evaluatorName = text(worker, "evaluator", problems);
        Path evaluator = null;
        if (evaluatorName != null) {
            Path dir = file.toAbsolutePath().getParent();
            evaluator = dir.resolve(evaluatorName).normalize();
            if (!Files.isRegularFile(evaluator)) {
                problems.add("worker.evaluator: file '" + evaluator + "' does not exist");
            }
        }
        int threads = integer(worker, "threads", 1, 1, problems);
        int missed = integer(worker, "missed_heartbeats", 4, 4, problems);
        Duration join = seconds(worker, "join_timeout", 600, problems);
        Duration poll = seconds(worker, "poll_interval", 2, problems);
        Duration beat = seconds(worker, "heartbeat_interval", 2, problems);
        ClusterSettings settings = null;
        try {
            settings = ClusterSettings.fromStorage(config.database()).withPollInterval(poll).withHeartbeat(beat, missed);
        } catch (OpenEvolveException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new OpenEvolveException(file + " has " + problems.size() + " problem(s):\n  - "
                    + String.join("\n  - ", problems));
        }
        return new WorkerConfig(file, config, settings, run, evaluator, threads, join);
    }

    private static String text(JsonNode section, String key, List<String> problems) {
        JsonNode n = section.get(key);
        if (n == null || n.isNull() || !n.isValueNode() || n.asText().isBlank()) {
            problems.add("worker." + key + " is required" + (n == null || n.isNull() ? "" : " but was '" + n + "'"));
            return null;
        }
        return n.asText();
    }

    private static int integer(JsonNode section, String key, int fallback, int min, List<String> problems) {
        JsonNode n = section.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < min) {
            problems.add("worker." + key + " must be an integer of at least " + min + " but was '" + n.asText() + "'");
            return fallback;
        }
        return n.asInt();
    }

    private static Duration seconds(JsonNode section, String key, double fallback, List<String> problems) {
        JsonNode n = section.get(key);
        double s = fallback;
        if (n != null && !n.isNull()) {
            if (!n.isNumber() || !(n.asDouble() > 0) || Double.isInfinite(n.asDouble())) {
                problems.add("worker." + key + " must be a positive number of seconds but was '" + n.asText() + "'");
                return Duration.ofMillis(Math.round(fallback * 1000));
            }
            s = n.asDouble();
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
