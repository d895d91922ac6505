package dev.openevolve.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openevolve.internal.sandbox.Sandbox;
import dev.openevolve.internal.sandbox.SandboxCommand;
import dev.openevolve.internal.sandbox.SandboxLimits;
import dev.openevolve.internal.sandbox.SandboxResult;
import dev.openevolve.internal.sandbox.Workspace;
import dev.openevolve.spi.Candidate;
import dev.openevolve.spi.EvaluationRequest;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.OpenEvolveException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scores candidates with any command, in any language: the command runs in the {@link Sandbox} with the path of
 * the candidate's file appended to its arguments, and reports metrics as JSON, either on stdout (the whole output
 * or its last line) or in the file named by the environment variable {@code OPENEVOLVE_RESULTS}. The JSON is either
 * {@code {"metrics": {...}, "artifacts": {...}}} or a flat object whose numbers are metrics and whose other values
 * are artifacts; {@code {"error": "..."}} reports a failed candidate. A non-zero exit or invalid JSON is a failed
 * evaluation with the stderr tail as artifact {@code stderr}. The stage being run is in {@code OPENEVOLVE_STAGE}.
 *
 * <p>Thread safe; holds no resources.
 */
public final class CommandEvaluator implements Evaluator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> EXTENSIONS = Map.of("python", ".py", "java", ".java", "javascript",
            ".js", "typescript", ".ts", "rust", ".rs", "go", ".go", "c", ".c", "cpp", ".cpp", "shell", ".sh",
            "ruby", ".rb");

    private final List<String> command;
    private final Map<String, String> environment;
    private final int stages;
    private final Sandbox sandbox;
    private final boolean dropPrivileges;

    private CommandEvaluator(Builder b) {
        List<String> cmd = new ArrayList<>(b.command);
        cmd.set(0, Executables.resolve(cmd.get(0)).toString());
        this.command = List.copyOf(cmd);
        this.environment = Map.copyOf(b.environment);
        this.stages = b.stages;
        this.sandbox = b.sandbox != null ? b.sandbox
                : Sandbox.create(SandboxLimits.of(b.memoryLimitMb, b.maxOutputBytes));
        boolean drop = true;
        for (String arg : command) {
            Path p = Path.of(arg);
            if (arg.contains("/") && Files.exists(p)) {
                drop &= sandbox.accessibleToSandboxUser(p);
            }
        }
        this.dropPrivileges = drop;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int stages() {
        return stages;
    }

    @Override
    public EvaluationResult evaluate(EvaluationRequest request) throws IOException, InterruptedException {
        Candidate candidate = request.candidate();
        try (Workspace ws = sandbox.newWorkspace()) {
            Path program = ws.path().resolve(fileName(candidate));
            Files.writeString(program, candidate.code(), StandardCharsets.UTF_8);
            Path results = ws.path().resolve("results.json");
            Map<String, String> env = new HashMap<>(environment);
            env.put("OPENEVOLVE_RESULTS", results.toString());
            env.put("OPENEVOLVE_STAGE", Integer.toString(request.stage()));
            List<String> cmd = new ArrayList<>(command);
            cmd.add(program.toString());
            SandboxResult r = sandbox.run(new SandboxCommand(cmd, ws.path(), env, request.timeout(), false,
                    dropPrivileges));
            Map<String, String> artifacts = new LinkedHashMap<>();
            RunnerProtocol.addStderr(artifacts, r.stderrTail());
            if (!r.exitedNormally()) {
                String reason = r.limitHit().orElseGet(() -> RunnerProtocol.processLimit(r.stderrTail(),
                        sandbox.limits()).orElse("command " + r.describeEnd()));
                return EvaluationResult.failure(reason, artifacts);
            }
            String json = Files.exists(results) ? Files.readString(results, StandardCharsets.UTF_8) : r.stdout();
            String source = Files.exists(results) ? "the results file" : "stdout";
            return parse(json, source, artifacts);
        }
    }

    static EvaluationResult parse(String output, String source, Map<String, String> artifacts) {
        JsonNode root = readObject(output.strip());
        if (root == null) {
            String[] lines = output.strip().split("\n");
            root = readObject(lines[lines.length - 1].strip());
        }
        if (root == null) {
            String shown = output.strip();
            shown = shown.length() > 200 ? shown.substring(0, 200) + "..." : shown;
            artifacts.put("stdout", output.length() > 4000 ? output.substring(output.length() - 4000) : output);
            return EvaluationResult.failure("command printed invalid JSON on " + source
                    + " (expected one JSON object with metrics): '" + shown + "'", artifacts);
        }
        JsonNode metricsNode = root.has("metrics") && root.get("metrics").isObject() ? root.get("metrics") : root;
        Map<String, Double> metrics = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : metricsNode.properties()) {
            JsonNode v = e.getValue();
            if (v.isNumber()) {
                metrics.put(e.getKey(), v.doubleValue());
            } else if (metricsNode != root) {
                return EvaluationResult.failure("metric '" + e.getKey() + "' must be a number but was " + v, artifacts);
            } else if (!e.getKey().equals("artifacts") && !e.getKey().equals("error")) {
                artifacts.put(e.getKey(), v.isTextual() ? v.asText() : v.toString());
            }
        }
        root.path("artifacts").properties().forEach(e ->
                artifacts.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        if (root.hasNonNull("error")) {
            return EvaluationResult.failure("command reported an error: " + root.get("error").asText(), artifacts);
        }
        return EvaluationResult.success(metrics, artifacts);
    }

    private static JsonNode readObject(String text) {
        if (!text.startsWith("{")) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(text);
            return n != null && n.isObject() ? n : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String fileName(Candidate c) {
        if (c.language().equals("java")) {
            return JavaSources.primaryType(c.code()).map(JavaSources.TypeName::fileName).orElse("Program.java");
        }
        return "program" + EXTENSIONS.getOrDefault(c.language(), ".txt");
    }

    @Override
    public String toString() {
        return "CommandEvaluator" + command;
    }

    /** Builds a {@link CommandEvaluator}. Not thread safe. */
    public static final class Builder {
        private List<String> command;
        private Map<String, String> environment = Map.of();
        private int stages = 1;
        private int memoryLimitMb = 512;
        private long maxOutputBytes = 1L << 20;
        private Sandbox sandbox;

        private Builder() {
        }

        /** The program and its arguments; the candidate's path is appended. Required. */
        public Builder command(List<String> command) {
            List<String> copy = List.copyOf(command);
            if (copy.isEmpty() || copy.get(0).isBlank()) {
                throw new OpenEvolveException("command evaluator: command must not be empty");
            }
            this.command = copy;
            return this;
        }

        /** Extra environment variables for the command (the host's own environment is never passed). */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** Cascade stages the command offers ({@code OPENEVOLVE_STAGE} tells it which runs); default 1. */
        public Builder stages(int stages) {
            if (stages < 1) {
                throw new IllegalArgumentException("stages must be at least 1 but was " + stages);
            }
            this.stages = stages;
            return this;
        }

        /** The address-space limit in MiB; default 512. */
        public Builder memoryLimitMb(int mb) {
            this.memoryLimitMb = BuilderChecks.memoryLimitMb(mb);
            return this;
        }

        /** Bytes of stdout and stderr before the command is killed; default 1 MiB. */
        public Builder maxOutputBytes(long bytes) {
            this.maxOutputBytes = BuilderChecks.maxOutputBytes(bytes);
            return this;
        }

        /** The sandbox to use, overriding the memory and output settings. */
        Builder sandbox(Sandbox sandbox) {
            this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
            return this;
        }

        /**
         * Builds the evaluator.
         *
         * @throws OpenEvolveException when no command was given or its program cannot be found
         */
        public CommandEvaluator build() {
            if (command == null) {
                throw new OpenEvolveException("command evaluator: command is required (command(List))");
            }
            return new CommandEvaluator(this);
        }
    }
}
