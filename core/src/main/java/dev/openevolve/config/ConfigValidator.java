package dev.openevolve.config;

import dev.openevolve.spi.Settings;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Every validation rule of the configuration tree, in one place. Field rules look at one value each and
 * also back the records' with-ers; combination rules relate several values and run only on the whole tree.
 * Keys are reported in the native dotted form.
 */
final class ConfigValidator {
    private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://\\S+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final double EPSILON = 1e-9;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i)KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL");
    /** The metrics sampler's buffer holds at most 2^30 samples. */
    private static final int MAX_BUFFER_CAPACITY = 1 << 30;

    private ConfigValidator() {
    }

    static List<ConfigProblem> validate(OpenEvolveConfig c) {
        var p = new Problems();
        engine(c.engine(), "", p);
        llm(c.llm(), "llm.", p);
        programs(c.programs(), "programs.", p);
        programsCombined(c.programs(), "programs.", p);
        prompt(c.prompt(), "prompt.", p);
        if (c.prompt().programsAsChangesDescription() && !c.engine().diffBasedEvolution()) {
            p.add("prompt.programs_as_changes_description", "needs diff_based_evolution: true (a full rewrite cannot "
                    + "update the code and its changes description together)", "true");
        }
        evaluation(c.evaluation(), "evaluation.", p);
        storage(c.database(), "database.", p);
        storageCombined(c.database(), "database.", p);
        performance(c.performance(), "performance.", p);
        performanceCombined(c.performance(), "performance.", p);
        return p.list();
    }

    /**
     * Runs {@code fields} on {@code candidate} and throws the {@link IllegalArgumentException} of a with-er
     * when a rule for {@code key} (or a key below it) is broken; returns {@code candidate} otherwise.
     */
    static <R> R checked(R candidate, BiConsumer<R, Problems> fields, String key, String argument) {
        var p = new Problems();
        fields.accept(candidate, p);
        for (ConfigProblem problem : p.list()) {
            String k = problem.key();
            if (k.equals(key) || k.startsWith(key + ".") || k.startsWith(key + "[")) {
                String named = argument + k.substring(key.length());
                throw new IllegalArgumentException(problem.rejectedValue() == null ? named + " " + problem.rule()
                        : named + " " + problem.rule() + " but was '" + problem.rejectedValue() + "'");
            }
        }
        return candidate;
    }

    /**
     * Returns {@code section} when {@code rules} find nothing wrong with it; otherwise throws one
     * {@link IllegalArgumentException} naming every problem ({@code invalid performance config: performance.batch_size
     * must be at least 1 but was '0'; ...}).
     */
    static <R> R requireValid(R section, String name, BiConsumer<R, Problems> rules) {
        var p = new Problems();
        rules.accept(section, p);
        if (!p.list().isEmpty()) {
            throw new IllegalArgumentException("invalid " + name + " config: "
                    + String.join("; ", p.list().stream().map(ConfigProblem::message).toList()));
        }
        return section;
    }

    static void engine(EngineConfig e, String prefix, Problems p) {
        p.check(prefix + "max_iterations", Rules.atLeast(e.maxIterations(), 1), e.maxIterations());
        p.check(prefix + "checkpoint_interval", Rules.atLeast(e.checkpointInterval(), 1), e.checkpointInterval());
        p.check(prefix + "language", Rules.lowerCaseId(e.language()), e.language());
        p.check(prefix + "max_code_length", Rules.atLeast(e.maxCodeLength(), 1), e.maxCodeLength());
        p.check(prefix + "target_score", Double.isInfinite(e.targetScore()) ? "must be a finite number" : null,
                e.targetScore());
        p.check(prefix + "early_stopping_patience", Rules.atLeast(e.earlyStoppingPatience(), 0),
                e.earlyStoppingPatience());
        p.check(prefix + "parallel_iterations", Rules.atLeast(e.parallelIterations(), 1), e.parallelIterations());
    }

    static void llm(LlmConfig l, String prefix, Problems p) {
        p.check(prefix + "temperature", Rules.between(l.temperature(), 0, 2), l.temperature());
        p.check(prefix + "top_p", Rules.aboveZeroAtMost(l.topP(), 1), l.topP());
        p.check(prefix + "max_tokens", Rules.atLeast(l.maxTokens(), 1), l.maxTokens());
        p.check(prefix + "timeout", Rules.positive(l.timeout()), l.timeout());
        p.check(prefix + "retries", Rules.atLeast(l.retries(), 0), l.retries());
        p.check(prefix + "max_cost_usd", Rules.finiteAtLeastZero(l.maxCostUsd()), l.maxCostUsd());
        p.check(prefix + "max_total_tokens", Rules.atLeast(l.maxTotalTokens(), 0), l.maxTotalTokens());
        p.check(prefix + "max_consecutive_failures", Rules.atLeast(l.maxConsecutiveFailures(), 1),
                l.maxConsecutiveFailures());
        models(l.models(), ModelKeys.shared(l), prefix + "models", p);
    }

    static void models(List<ModelConfig> models, Map<String, String> inherited, String key, Problems p) {
        double total = 0;
        boolean weightsValid = true;
        for (int i = 0; i < models.size(); i++) {
            ModelConfig m = models.get(i);
            String at = key + "[" + i + "].";
            p.check(at + "provider", Rules.lowerCaseId(m.provider()), m.provider());
            p.check(at + "name", Rules.notBlank(m.name()), m.name());
            String weightRule = Rules.finiteAtLeastZero(m.weight());
            p.check(at + "weight", weightRule, m.weight());
            weightsValid &= weightRule == null;
            total += m.weight();
            settings(m.settings(), inherited, at, p);
        }
        if (!models.isEmpty() && weightsValid && total <= 0) {
            p.check(key, "must have a total weight greater than 0", total);
        }
    }

    /** Checks a model's own settings; values inherited from the llm section are checked there, once. */
    private static void settings(Settings all, Map<String, String> inherited, String at, Problems p) {
        var own = new java.util.HashMap<>(all.asMap());
        own.entrySet().removeIf(e -> e.getValue().equals(inherited.get(e.getKey())));
        Settings s = Settings.of(own);
        decimal(s, at, ModelKeys.TEMPERATURE, p).ifPresent(v -> p.check(at + ModelKeys.TEMPERATURE,
                Rules.between(v, 0, 2), v));
        decimal(s, at, ModelKeys.TOP_P, p).ifPresent(v -> p.check(at + ModelKeys.TOP_P,
                Rules.aboveZeroAtMost(v, 1), v));
        decimal(s, at, ModelKeys.TIMEOUT_SECONDS, p).ifPresent(v -> p.check(at + ModelKeys.TIMEOUT_SECONDS,
                v > 0 ? null : "must be greater than 0 seconds", v));
        integer(s, at, ModelKeys.MAX_TOKENS, p).ifPresent(v -> p.check(at + ModelKeys.MAX_TOKENS,
                Rules.atLeast(v, 1), v));
        integer(s, at, ModelKeys.RETRIES, p).ifPresent(v -> p.check(at + ModelKeys.RETRIES, Rules.atLeast(v, 0), v));
        integer(s, at, ModelKeys.SEED, p);
        s.get(ModelKeys.API_BASE).ifPresent(v -> p.check(at + ModelKeys.API_BASE,
                HTTP_URL.matcher(v).matches() ? null : "must be an http or https URL", v));
        s.get(ModelKeys.MODEL).ifPresent(v -> p.check(at + ModelKeys.MODEL, Rules.notBlank(v), v));
    }

    private static Optional<Double> decimal(Settings s, String at, String key, Problems p) {
        Optional<String> raw = s.get(key);
        if (raw.isPresent() && !DECIMAL.matcher(raw.get().trim()).matches()) {
            p.add(at + key, "must be a number", raw.get());
            return Optional.empty();
        }
        return raw.map(v -> Double.parseDouble(v.trim()));
    }

    private static Optional<Long> integer(Settings s, String at, String key, Problems p) {
        Optional<String> raw = s.get(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(raw.get().trim()));
        } catch (NumberFormatException e) {
            p.add(at + key, "must be an integer", raw.get());
            return Optional.empty();
        }
    }

    static void programs(ProgramsConfig c, String prefix, Problems p) {
        p.check(prefix + "population_size", Rules.atLeast(c.populationSize(), 1), c.populationSize());
        p.check(prefix + "archive_size", Rules.atLeast(c.archiveSize(), 1), c.archiveSize());
        p.check(prefix + "num_islands", Rules.atLeast(c.numIslands(), 1), c.numIslands());
        p.check(prefix + "elite_selection_ratio", Rules.between(c.eliteSelectionRatio(), 0, 1),
                c.eliteSelectionRatio());
        p.check(prefix + "exploration_ratio", Rules.between(c.explorationRatio(), 0, 1), c.explorationRatio());
        p.check(prefix + "exploitation_ratio", Rules.between(c.exploitationRatio(), 0, 1), c.exploitationRatio());
        if (c.featureDimensions().isEmpty()) {
            p.add(prefix + "feature_dimensions", "must name at least one dimension", "[]");
        }
        var seen = new HashSet<String>();
        for (int i = 0; i < c.featureDimensions().size(); i++) {
            String d = c.featureDimensions().get(i);
            String key = prefix + "feature_dimensions[" + i + "]";
            if (d.isBlank()) {
                p.add(key, "must not be blank", d);
            } else if (!seen.add(d)) {
                p.add(key, "must not repeat an earlier dimension", d);
            }
        }
        p.check(prefix + "feature_bins", Rules.atLeast(c.featureBins(), 1), c.featureBins());
        for (Map.Entry<String, Integer> e : new java.util.TreeMap<>(c.binsPerDimension()).entrySet()) {
            p.check(prefix + "feature_bins." + e.getKey(), Rules.atLeast(e.getValue(), 1), e.getValue());
        }
        p.check(prefix + "migration_interval", Rules.atLeast(c.migrationInterval(), 1), c.migrationInterval());
        p.check(prefix + "migration_rate", Rules.between(c.migrationRate(), 0, 1), c.migrationRate());
        p.check(prefix + "num_inspirations", Rules.atLeast(c.numInspirations(), 0), c.numInspirations());
        p.check(prefix + "novelty_similarity_threshold", Rules.between(c.noveltyThreshold(), 0, 1),
                c.noveltyThreshold());
    }

    static void programsCombined(ProgramsConfig c, String prefix, Problems p) {
        double exploration = c.explorationRatio();
        double exploitation = c.exploitationRatio();
        if (Rules.between(exploration, 0, 1) == null && Rules.between(exploitation, 0, 1) == null
                && exploration + exploitation > 1 + EPSILON) {
            p.add(prefix + "exploration_ratio", "plus exploitation_ratio must be at most 1",
                    Rules.number(exploration) + " + " + Rules.number(exploitation));
        }
        if (c.archiveSize() >= 1 && c.populationSize() >= 1 && c.numIslands() >= 1
                && (long) c.archiveSize() + c.numIslands() >= c.populationSize()) {
            p.add(prefix + "population_size", "must be greater than archive_size + num_islands ("
                    + c.archiveSize() + " + " + c.numIslands() + "): the archive and each island's best are never "
                    + "evicted", Integer.toString(c.populationSize()));
        }
        for (String dimension : new java.util.TreeSet<>(c.binsPerDimension().keySet())) {
            if (!c.featureDimensions().contains(dimension)) {
                p.add(prefix + "feature_bins." + dimension, "must name one of feature_dimensions "
                        + c.featureDimensions(), dimension);
            }
        }
    }

    static void prompt(PromptConfig c, String prefix, Problems p) {
        p.check(prefix + "system_message", Rules.notBlank(c.systemMessage()), c.systemMessage());
        p.check(prefix + "num_top_programs", Rules.atLeast(c.numTopPrograms(), 0), c.numTopPrograms());
        p.check(prefix + "num_diverse_programs", Rules.atLeast(c.numDiversePrograms(), 0), c.numDiversePrograms());
        p.check(prefix + "max_artifact_chars", Rules.atLeast(c.maxArtifactChars(), 0), c.maxArtifactChars());
        if (c.templateDir() != null && !Files.isDirectory(c.templateDir())) {
            p.add(prefix + "template_dir", "must be an existing directory", c.templateDir().toString());
        }
    }

    static void evaluation(EvaluationConfig c, String prefix, Problems p) {
        p.check(prefix + "timeout", Rules.positive(c.timeout()), c.timeout());
        p.check(prefix + "parallelism", Rules.atLeast(c.parallelism(), 1), c.parallelism());
        p.check(prefix + "max_retries", Rules.atLeast(c.maxRetries(), 0), c.maxRetries());
        List<Double> thresholds = c.cascadeThresholds();
        for (int i = 0; i < thresholds.size(); i++) {
            double t = thresholds.get(i);
            String key = prefix + "cascade_thresholds[" + i + "]";
            p.check(key, Double.isFinite(t) ? null : "must be a finite number", t);
        }
        p.check(prefix + "memory_limit_mb", Rules.atLeast(c.memoryLimitMb(), 1), c.memoryLimitMb());
        p.check(prefix + "max_output_bytes", Rules.atLeast(c.maxOutputBytes(), 1), c.maxOutputBytes());
        for (int i = 0; i < c.passEnv().size(); i++) {
            String name = c.passEnv().get(i);
            String rule = !ENV_NAME.matcher(name).matches() ? "must be an environment variable name"
                    : SECRET_NAME.matcher(name).find() ? "must not name a secret (key, token, secret, password)" : null;
            p.check(prefix + "pass_env[" + i + "]", rule, name);
        }
        p.check(prefix + "executor", Rules.lowerCaseId(c.executor()), c.executor());
    }

    static void storage(StorageConfig c, String prefix, Problems p) {
        p.check(prefix + "provider", Rules.lowerCaseId(c.provider()), c.provider());
        p.check(prefix + "port", c.port() >= 1 && c.port() <= 65_535 ? null : "must be between 1 and 65535",
                c.port());
        if (!c.url().isEmpty() && !c.url().startsWith("jdbc:")) {
            p.add(prefix + "url", "must start with 'jdbc:'", c.url());
        }
    }

    static void storageCombined(StorageConfig c, String prefix, Problems p) {
        if (c.provider().equals("jdbc") && c.url().isEmpty()) {
            String rule = "must not be blank when provider is 'jdbc' and url is empty";
            p.check(prefix + "host", c.host().isBlank() ? rule : null, c.host());
            p.check(prefix + "name", c.name().isBlank() ? rule : null, c.name());
        }
    }

    static void performance(PerformanceConfig c, String prefix, Problems p) {
        p.check(prefix + "sampling_rate", Rules.between(c.samplingRate(), 0, 1), c.samplingRate());
        p.check(prefix + "max_overhead_percent", Rules.aboveZeroAtMost(c.maxOverheadPercent(), 100),
                c.maxOverheadPercent());
        p.check(prefix + "batch_size", Rules.atLeast(c.batchSize(), 1), c.batchSize());
        p.check(prefix + "flush_interval", Rules.positive(c.flushInterval()), c.flushInterval());
        p.check(prefix + "buffer_capacity", Rules.atLeast(c.bufferCapacity(), 1), c.bufferCapacity());
        if (c.bufferCapacity() > MAX_BUFFER_CAPACITY) {
            p.add(prefix + "buffer_capacity", "must be at most " + MAX_BUFFER_CAPACITY,
                    Integer.toString(c.bufferCapacity()));
        }
        p.check(prefix + "cpu_sample_every", Rules.atLeast(c.cpuSampleEvery(), 0), c.cpuSampleEvery());
    }

    static void performanceCombined(PerformanceConfig c, String prefix, Problems p) {
        if (c.batchSize() >= 1 && c.bufferCapacity() >= 1 && c.bufferCapacity() < c.batchSize()) {
            p.add(prefix + "buffer_capacity", "must be at least batch_size (" + c.batchSize() + ")",
                    Integer.toString(c.bufferCapacity()));
        }
    }
}
