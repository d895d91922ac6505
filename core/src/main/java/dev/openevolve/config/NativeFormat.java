package dev.openevolve.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openevolve.spi.Settings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the native YAML layout into the records: top-level engine keys and the sections {@code llm},
 * {@code programs}, {@code prompt}, {@code evaluation}, {@code database} and {@code performance}.
 * Missing keys keep their defaults; wrong types and unknown keys become problems.
 */
final class NativeFormat {
    static final Set<String> ENGINE_KEYS = Set.of("max_iterations", "checkpoint_interval", "random_seed", "language",
            "diff_based_evolution", "max_code_length", "target_score", "early_stopping_patience",
            "parallel_iterations");
    static final Set<String> SECTIONS = Set.of("llm", "programs", "prompt", "evaluation", "database", "performance");
    static final Set<String> LLM_KEYS = Set.of("models", "primary_model", "primary_model_weight", "secondary_model",
            "secondary_model_weight", "api_base", "api_key", "temperature", "top_p", "max_tokens", "timeout",
            "retries", "max_cost_usd", "max_total_tokens", "max_consecutive_failures", "offline");
    static final Set<String> PROGRAMS_KEYS = Set.of("population_size", "archive_size", "num_islands",
            "elite_selection_ratio", "exploration_ratio", "exploitation_ratio", "feature_dimensions", "feature_bins",
            "migration_interval", "migration_rate", "num_inspirations", "novelty_similarity_threshold", "novelty_llm");
    static final Set<String> PROMPT_KEYS = Set.of("system_message", "num_top_programs", "num_diverse_programs",
            "include_artifacts", "max_artifact_chars", "template_dir", "programs_as_changes_description",
            "system_message_changes_description", "initial_changes_description");
    static final Set<String> EVALUATION_KEYS = Set.of("timeout", "parallelism", "max_retries", "cascade",
            "cascade_thresholds", "memory_limit_mb", "max_output_bytes", "pass_env", "executor");
    static final Set<String> DATABASE_KEYS = Set.of("provider", "url", "host", "port", "name", "user", "password");
    static final Set<String> PERFORMANCE_KEYS = Set.of("sampling_rate", "adaptive", "max_overhead_percent",
            "batch_size", "flush_interval", "buffer_capacity", "cpu_sample_every");

    static final double PRIMARY_WEIGHT = 0.8;
    static final double SECONDARY_WEIGHT = 0.2;

    /** Model entry keys that have a second spelling: the settings key first, the alternative second. */
    private static final Map<String, String> MODEL_KEY_ALTERNATIVES = Map.of(
            ModelKeys.MODEL, "name", ModelKeys.API_BASE, "base_url", ModelKeys.TIMEOUT_SECONDS, "timeout");

    private NativeFormat() {
    }

    /**
     * @param appendSeedModels {@code true} for OpenEvolve's rule ({@code primary_model}/{@code secondary_model}
     *                         are appended to {@code models}); {@code false} makes combining them a problem
     * @param baseDir          the configuration file's folder, where a relative {@code template_dir} is looked for
     *                         first; {@code null} for text not read from a file
     */
    static Result read(TreeReader root, boolean appendSeedModels, Path baseDir) {
        var known = new java.util.HashSet<>(ENGINE_KEYS);
        known.addAll(SECTIONS);
        root.rejectUnknown(known);
        TreeReader llmSection = root.section("llm");
        var connection = new LinkedHashMap<String, String>();
        llmSection.raw("api_base").ifPresent(v -> connection.put(ModelKeys.API_BASE, llmSection.text("api_base", "")));
        llmSection.raw("api_key").ifPresent(v -> connection.put(ModelKeys.API_KEY, llmSection.text("api_key", "")));
        var config = new OpenEvolveConfig(engine(root), llm(llmSection, connection, appendSeedModels),
                programs(root.section("programs")), prompt(root.section("prompt"), baseDir),
                evaluation(root.section("evaluation")), database(root.section("database")),
                performance(root.section("performance")));
        return new Result(config, connection, llmSection.bool("offline", false));
    }

    /**
     * What was read.
     *
     * @param config     the tree
     * @param connection the llm section's {@code api_base}/{@code api_key} settings, for models added later
     * @param offline    {@code llm.offline}: run the offline model whatever models are configured
     */
    record Result(OpenEvolveConfig config, Map<String, String> connection, boolean offline) {
    }

    private static EngineConfig engine(TreeReader r) {
        EngineConfig d = EngineConfig.defaults();
        return new EngineConfig(r.integer("max_iterations", d.maxIterations()),
                r.integer("checkpoint_interval", d.checkpointInterval()), r.longValue("random_seed", d.randomSeed()),
                r.text("language", d.language()), r.bool("diff_based_evolution", d.diffBasedEvolution()),
                r.integer("max_code_length", d.maxCodeLength()), r.decimal("target_score", d.targetScore()),
                r.integer("early_stopping_patience", d.earlyStoppingPatience()),
                r.integer("parallel_iterations", d.parallelIterations()));
    }

    private static LlmConfig llm(TreeReader r, Map<String, String> connection, boolean appendSeedModels) {
        r.rejectUnknown(LLM_KEYS);
        LlmConfig d = LlmConfig.defaults();
        var section = new LlmConfig(List.of(), r.decimal("temperature", d.temperature()),
                r.decimal("top_p", d.topP()), r.integer("max_tokens", d.maxTokens()), r.seconds("timeout", d.timeout()),
                r.integer("retries", d.retries()), r.decimal("max_cost_usd", d.maxCostUsd()),
                r.longValue("max_total_tokens", d.maxTotalTokens()),
                r.integer("max_consecutive_failures", d.maxConsecutiveFailures()));
        Map<String, String> inherited = new LinkedHashMap<>(ModelKeys.shared(section));
        inherited.putAll(connection);

        var models = new ArrayList<ModelConfig>();
        for (TreeReader entry : r.sections("models")) {
            model(entry, inherited).ifPresent(models::add);
        }
        seedModels(r, inherited, appendSeedModels, models);
        return new LlmConfig(models, section.temperature(), section.topP(), section.maxTokens(), section.timeout(),
                section.retries(), section.maxCostUsd(), section.maxTotalTokens(), section.maxConsecutiveFailures());
    }

    /** The seed's (and OpenEvolve's) {@code primary_model}/{@code secondary_model} with weights 0.8/0.2. */
    private static void seedModels(TreeReader r, Map<String, String> inherited, boolean append,
                                   List<ModelConfig> models) {
        String primary = r.text("primary_model", null);
        String secondary = r.text("secondary_model", null);
        double primaryWeight = r.decimal("primary_model_weight", PRIMARY_WEIGHT);
        double secondaryWeight = r.decimal("secondary_model_weight", SECONDARY_WEIGHT);
        if (primary == null && r.has("primary_model_weight")) {
            r.problems().add(r.key("primary_model_weight"), "needs " + r.key("primary_model"), null);
        }
        if (secondary == null && r.has("secondary_model_weight")) {
            r.problems().add(r.key("secondary_model_weight"), "needs " + r.key("secondary_model"), null);
        }
        if (!append && r.has("models") && (primary != null || secondary != null)) {
            r.problems().add(r.key(primary != null ? "primary_model" : "secondary_model"),
                    "cannot be combined with " + r.key("models") + "; list every model under models", null);
            return;
        }
        if (primary != null) {
            models.add(seedModel(primary, primaryWeight, inherited));
        }
        if (secondary != null && secondaryWeight != 0) {
            models.add(seedModel(secondary, secondaryWeight, inherited));
        }
    }

    static ModelConfig seedModel(String name, double weight, Map<String, String> inherited) {
        var settings = new HashMap<>(inherited);
        settings.put(ModelKeys.MODEL, name);
        return new ModelConfig(ModelKeys.OPENAI, name, weight, Settings.of(settings));
    }

    private static Optional<ModelConfig> model(TreeReader m, Map<String, String> inherited) {
        var own = new LinkedHashMap<String, String>();
        var spelledOtherwise = new LinkedHashMap<String, String>();
        boolean typesOk = true;
        for (String name : m.names()) {
            JsonNode value = m.raw(name).orElse(null);
            if (value == null || name.equals("provider") || name.equals("weight")) {
                continue;
            }
            if (!value.isValueNode()) {
                m.wrongType(name, value, "must be a string, number or boolean");
                typesOk = false;
                continue;
            }
            String key = settingsKey(name);
            if (own.containsKey(key)) {
                m.problems().add(m.key(name), "repeats " + m.key(alternativeOf(name)) + "; give only one", null);
                typesOk = false;
                continue;
            }
            if (!key.equals(name)) {
                spelledOtherwise.put(m.key(key), m.key(name));
            }
            own.put(key, value.asText());
        }
        spelledOtherwise.forEach(m.problems()::alias);
        String provider = m.text("provider", ModelKeys.OPENAI);
        double weight = m.decimal("weight", 1.0);
        String name = own.get(ModelKeys.MODEL);
        if (name == null) {
            m.problems().add(m.key("name"), "must be set", null);
            return Optional.empty();
        }
        var settings = new HashMap<>(inherited);
        settings.putAll(own);
        return typesOk ? Optional.of(new ModelConfig(provider, name, weight, Settings.of(settings))) : Optional.empty();
    }

    private static String settingsKey(String entryKey) {
        for (Map.Entry<String, String> e : MODEL_KEY_ALTERNATIVES.entrySet()) {
            if (e.getValue().equals(entryKey)) {
                return e.getKey();
            }
        }
        return entryKey;
    }

    private static String alternativeOf(String entryKey) {
        String alternative = MODEL_KEY_ALTERNATIVES.get(entryKey);
        return alternative != null ? alternative : settingsKey(entryKey);
    }

    private static ProgramsConfig programs(TreeReader r) {
        r.rejectUnknown(PROGRAMS_KEYS);
        ProgramsConfig d = ProgramsConfig.defaults();
        int bins = d.featureBins();
        Map<String, Integer> perDimension = d.binsPerDimension();
        Optional<JsonNode> rawBins = r.raw("feature_bins");
        if (rawBins.isPresent() && rawBins.get().isObject()) {
            TreeReader byDimension = r.section("feature_bins");
            var read = new LinkedHashMap<String, Integer>();
            for (String dimension : byDimension.names()) {
                if (byDimension.has(dimension)) {
                    read.put(dimension, byDimension.integer(dimension, bins));
                }
            }
            perDimension = read;
        } else if (rawBins.isPresent()) {
            JsonNode v = rawBins.get();
            if (v.isIntegralNumber() && v.canConvertToInt()) {
                bins = v.intValue();
            } else {
                r.wrongType("feature_bins", v, "must be an integer or a mapping of dimension to integer");
            }
        }
        int population = r.integer("population_size", d.populationSize());
        int islands = r.integer("num_islands", d.numIslands());
        int defaultArchive = Math.min(d.archiveSize(), Math.max(1, population - islands - 1));
        return new ProgramsConfig(population, r.integer("archive_size", defaultArchive), islands,
                r.decimal("elite_selection_ratio", d.eliteSelectionRatio()),
                r.decimal("exploration_ratio", d.explorationRatio()),
                r.decimal("exploitation_ratio", d.exploitationRatio()),
                r.texts("feature_dimensions", d.featureDimensions()), bins, perDimension,
                r.integer("migration_interval", d.migrationInterval()), r.decimal("migration_rate", d.migrationRate()),
                r.integer("num_inspirations", d.numInspirations()),
                r.decimal("novelty_similarity_threshold", d.noveltyThreshold()), r.text("novelty_llm", d.noveltyLlm()));
    }

    private static PromptConfig prompt(TreeReader r, Path baseDir) {
        r.rejectUnknown(PROMPT_KEYS);
        PromptConfig d = PromptConfig.defaults();
        Path templateDir = d.templateDir();
        String dir = r.text("template_dir", null);
        if (dir != null) {
            try {
                templateDir = resolve(Path.of(dir), baseDir);
            } catch (InvalidPathException e) {
                r.problems().add(r.key("template_dir"), "must be a valid path", dir);
            }
        }
        return new PromptConfig(r.text("system_message", d.systemMessage()),
                r.integer("num_top_programs", d.numTopPrograms()),
                r.integer("num_diverse_programs", d.numDiversePrograms()),
                r.bool("include_artifacts", d.includeArtifacts()),
                r.integer("max_artifact_chars", d.maxArtifactChars()), templateDir,
                r.bool("programs_as_changes_description", d.programsAsChangesDescription()),
                r.text("system_message_changes_description", d.systemMessageChangesDescription()),
                r.text("initial_changes_description", d.initialChangesDescription()));
    }

    /**
     * A relative template folder is found beside the configuration file (as OpenEvolve resolves it), else in the
     * working directory (as its older releases did); {@code baseDir} is {@code null} for text not read from a file.
     */
    private static Path resolve(Path dir, Path baseDir) {
        if (dir.isAbsolute() || baseDir == null) {
            return dir;
        }
        Path beside = baseDir.resolve(dir).normalize();
        return java.nio.file.Files.isDirectory(beside) || !java.nio.file.Files.isDirectory(dir) ? beside : dir;
    }

    private static EvaluationConfig evaluation(TreeReader r) {
        r.rejectUnknown(EVALUATION_KEYS);
        EvaluationConfig d = EvaluationConfig.defaults();
        return new EvaluationConfig(r.seconds("timeout", d.timeout()), r.integer("parallelism", d.parallelism()),
                r.integer("max_retries", d.maxRetries()), r.bool("cascade", d.cascade()),
                r.decimals("cascade_thresholds", d.cascadeThresholds()),
                r.integer("memory_limit_mb", d.memoryLimitMb()), r.longValue("max_output_bytes", d.maxOutputBytes()),
                r.texts("pass_env", d.passEnv()), r.text("executor", d.executor()));
    }

    private static StorageConfig database(TreeReader r) {
        r.rejectUnknown(DATABASE_KEYS);
        StorageConfig d = StorageConfig.defaults();
        return new StorageConfig(r.text("provider", d.provider()), r.text("url", d.url()), r.text("host", d.host()),
                r.integer("port", d.port()), r.text("name", d.name()), r.text("user", d.user()),
                r.text("password", d.password()));
    }

    private static PerformanceConfig performance(TreeReader r) {
        r.rejectUnknown(PERFORMANCE_KEYS);
        PerformanceConfig d = PerformanceConfig.defaults();
        return new PerformanceConfig(r.decimal("sampling_rate", d.samplingRate()), r.bool("adaptive", d.adaptive()),
                r.decimal("max_overhead_percent", d.maxOverheadPercent()), r.integer("batch_size", d.batchSize()),
                r.seconds("flush_interval", d.flushInterval()), r.integer("buffer_capacity", d.bufferCapacity()),
                r.integer("cpu_sample_every", d.cpuSampleEvery()));
    }
}
