package dev.openevolve.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Recognises OpenEvolve's own {@code config.yaml} layout and rewrites it into the native layout: OpenEvolve's
 * {@code database} (the program database) becomes {@code programs}, {@code evaluator} becomes
 * {@code evaluation}, renamed keys get their native names. Keys that OpenEvolve knows but that have no
 * counterpart here are collected for one warning; keys OpenEvolve does not know either are problems.
 * Native-only keys ({@code target_score}, {@code llm.max_cost_usd}, a {@code performance} section, …) pass
 * through. Problems on rewritten values are shown under the OpenEvolve key.
 */
final class OpenEvolveFormat {

    /** How one OpenEvolve section maps onto a native one. */
    private record Section(String from, String to, Map<String, String> renamed, Set<String> ignored,
                           Set<String> passThrough) {
    }

    private static final Section LLM = new Section("llm", "llm", with(same("models", "primary_model",
            "primary_model_weight", "secondary_model", "secondary_model_weight", "api_base", "api_key", "temperature",
            "top_p", "max_tokens", "timeout", "retries"), "max_budget_usd", "max_cost_usd"),
            Set.of("retry_delay", "evaluator_models", "system_message", "random_seed", "reasoning_effort", "name",
                    "weight", "init_client", "provider", "manual_mode", "_manual_queue_dir"),
            Set.of("max_cost_usd", "max_total_tokens", "max_consecutive_failures", "offline"));

    private static final Section PROMPT = new Section("prompt", "prompt", with(same("template_dir",
            "system_message", "num_top_programs", "num_diverse_programs", "include_artifacts",
            "programs_as_changes_description", "system_message_changes_description", "initial_changes_description"),
            "max_artifact_bytes", "max_artifact_chars"),
            Set.of("evaluator_system_message", "use_template_stochasticity", "template_variations",
                    "use_meta_prompting", "meta_prompt_weight", "artifact_security_filter",
                    "suggest_simplification_after_chars", "include_changes_under_chars",
                    "concise_implementation_max_lines", "comprehensive_implementation_min_lines",
                    "code_length_threshold", "diff_summary_max_line_len", "diff_summary_max_lines",
                    "island_system_messages"),
            Set.of("max_artifact_chars"));

    private static final Section DATABASE = new Section("database", "programs", same("population_size",
            "archive_size", "num_islands", "elite_selection_ratio", "exploration_ratio", "exploitation_ratio",
            "feature_dimensions", "feature_bins", "migration_interval", "migration_rate"),
            Set.of("db_path", "in_memory", "log_prompts", "programs_per_island", "diversity_metric",
                    "diversity_reference_size", "random_seed", "artifacts_base_path", "artifact_size_threshold",
                    "cleanup_old_artifacts", "artifact_retention_days", "max_snapshot_artifacts",
                    "embedding_api_base"),
            Set.of("num_inspirations", "novelty_similarity_threshold"));
    /** OpenEvolve's novelty keys, read by {@link #novelty}. */
    private static final Set<String> NOVELTY_KEYS = Set.of("novelty_llm", "embedding_model", "similarity_threshold");
    /** OpenEvolve's default {@code similarity_threshold}. */
    private static final double SIMILARITY_THRESHOLD = 0.99;

    private static final Section EVALUATOR = new Section("evaluator", "evaluation", with(with(same("timeout",
            "max_retries", "memory_limit_mb", "cascade_thresholds"), "cascade_evaluation", "cascade"),
            "parallel_evaluations", "parallelism"),
            Set.of("cpu_limit", "distributed", "use_llm_feedback", "llm_feedback_weight", "enable_artifacts",
                    "max_artifact_storage"),
            Set.of("max_output_bytes", "pass_env"));

    private static final List<Section> SECTIONS = List.of(LLM, PROMPT, DATABASE, EVALUATOR);

    private static final Map<String, String> TOP_LEVEL = same("max_iterations", "checkpoint_interval",
            "random_seed", "language", "diff_based_evolution", "max_code_length", "early_stopping_patience");
    private static final Set<String> TOP_LEVEL_IGNORED = Set.of("log_level", "log_dir", "allow_full_rewrites",
            "convergence_threshold", "early_stopping_metric", "evolution_trace", "hierarchical", "diff_pattern",
            "max_tasks_per_child");
    private static final Set<String> TOP_LEVEL_PASS_THROUGH = Set.of("target_score", "parallel_iterations",
            "performance");

    private static final Set<String> MODEL_IGNORED = Set.of("init_client", "retry_delay", "system_message",
            "reasoning_effort", "provider", "max_budget_usd");
    private static final Map<String, String> MODEL_RENAMED = Map.of("random_seed", ModelKeys.SEED);

    private static final Map<String, String> LANGUAGE_BY_SUFFIX = Map.ofEntries(Map.entry(".py", "python"),
            Map.entry(".java", "java"), Map.entry(".js", "javascript"), Map.entry(".ts", "typescript"),
            Map.entry(".rs", "rust"), Map.entry(".go", "go"), Map.entry(".c", "c"), Map.entry(".cpp", "cpp"),
            Map.entry(".cc", "cpp"), Map.entry(".rb", "ruby"), Map.entry(".kt", "kotlin"),
            Map.entry(".scala", "scala"), Map.entry(".cs", "csharp"), Map.entry(".jl", "julia"),
            Map.entry(".r", "r"), Map.entry(".sh", "bash"));

    private static final Set<String> SIGNATURE_TOP_LEVEL = Set.of("evaluator", "evolution_trace", "hierarchical",
            "log_level", "log_dir", "file_suffix", "allow_full_rewrites", "convergence_threshold",
            "early_stopping_metric");

    private OpenEvolveFormat() {
    }

    /** The keys that mark OpenEvolve's layout in {@code root}: its own sections and program-database keys. */
    static List<String> openEvolveMarks(ObjectNode root) {
        var marks = new ArrayList<String>();
        root.fieldNames().forEachRemaining(name -> {
            if (SIGNATURE_TOP_LEVEL.contains(name)) {
                marks.add(name);
            }
        });
        JsonNode database = root.get("database");
        if (database != null && database.isObject()) {
            database.fieldNames().forEachRemaining(name -> {
                if (DATABASE.renamed.containsKey(name) || DATABASE.ignored.contains(name) || NOVELTY_KEYS.contains(name)) {
                    marks.add("database." + name);
                }
            });
        }
        return marks;
    }

    /** The keys that mark the native layout in {@code root}: its own sections and storage keys. */
    static List<String> nativeMarks(ObjectNode root) {
        var marks = new ArrayList<String>();
        for (String section : List.of("programs", "evaluation")) {
            if (root.has(section)) {
                marks.add(section);
            }
        }
        JsonNode database = root.get("database");
        if (database != null && database.isObject()) {
            database.fieldNames().forEachRemaining(name -> {
                if (NativeFormat.DATABASE_KEYS.contains(name)) {
                    marks.add("database." + name);
                }
            });
        }
        return marks;
    }

    /**
     * Rewrites {@code root} into the native layout.
     *
     * @param ignored receives every present key without a counterpart, as a dotted path
     */
    static ObjectNode translate(ObjectNode root, Problems problems, Set<String> ignored) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        var sectionNames = new LinkedHashSet<String>();
        SECTIONS.forEach(s -> sectionNames.add(s.from));
        var knownTop = new TreeSet<>(TOP_LEVEL.keySet());
        knownTop.addAll(TOP_LEVEL_IGNORED);
        knownTop.addAll(TOP_LEVEL_PASS_THROUGH);
        knownTop.addAll(sectionNames);
        knownTop.add("file_suffix");
        TreeReader top = TreeReader.of(root, "", problems);
        for (String name : top.names()) {
            JsonNode value = root.get(name);
            if (name.equals("early_stopping_patience") && value.isNumber() && value.asLong() < 0) {
                continue; // OpenEvolve's "never", as 0 is here
            }
            if (TOP_LEVEL.containsKey(name) || TOP_LEVEL_PASS_THROUGH.contains(name)) {
                out.set(name, value);
            } else if (TOP_LEVEL_IGNORED.contains(name)) {
                ignored.add(name);
            } else if (!knownTop.contains(name)) {
                // OpenEvolve skips top-level keys it does not know, so they are warned about, not refused
                ignored.add(name + " (unknown to OpenEvolve too" + top.suggestion(name, knownTop) + ")");
            }
        }
        language(top, out, ignored);
        for (Section section : SECTIONS) {
            if (root.has(section.from)) {
                out.set(section.to, section(section, top.section(section.from), problems, ignored));
                if (!section.to.equals(section.from)) {
                    problems.alias(section.to, section.from);
                }
            }
        }
        return out;
    }

    /** OpenEvolve names the language by the program's file suffix; an explicit {@code language} wins. */
    private static void language(TreeReader top, ObjectNode out, Set<String> ignored) {
        if (!top.has("file_suffix")) {
            return;
        }
        String suffix = top.text("file_suffix", "").toLowerCase(Locale.ROOT);
        String language = LANGUAGE_BY_SUFFIX.get(suffix.startsWith(".") ? suffix : "." + suffix);
        if (!top.has("language") && language != null) {
            out.put("language", language);
            top.problems().alias("language", "file_suffix");
        } else {
            ignored.add("file_suffix");
        }
    }

    private static JsonNode section(Section s, TreeReader in, Problems problems, Set<String> ignored) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        var known = new TreeSet<>(s.renamed.keySet());
        known.addAll(s.ignored);
        known.addAll(s.passThrough);
        if (s == DATABASE) {
            novelty(in, out, problems, ignored);
        }
        for (String name : in.names()) {
            if (s == DATABASE && NOVELTY_KEYS.contains(name)) {
                continue;
            }
            JsonNode value = in.raw(name).orElse(null);
            String target = s.renamed.containsKey(name) ? s.renamed.get(name)
                    : s.passThrough.contains(name) ? name : null;
            if (target != null) {
                if (out.has(target)) {
                    problems.add(in.key(name), "repeats " + in.key(target) + "; give only one", null);
                } else if (value != null) {
                    out.set(target, name.equals("models") ? models(value, problems, ignored) : value);
                    if (!target.equals(name)) {
                        problems.alias(s.to + "." + target, s.from + "." + name);
                    }
                }
            } else if (s.ignored.contains(name)) {
                ignored.add(in.key(name));
            } else {
                problems.add(in.key(name), "is not a known key" + in.suggestion(name, known), null);
            }
        }
        return out;
    }

    /**
     * OpenEvolve rejects a program that is too similar to one of its island when {@code embedding_model} is set
     * (its embeddings' cosine similarity at least {@code similarity_threshold}) and, given a {@code novelty_llm}, that
     * model calls it not novel. Here the same keys switch on novelty rejection by code similarity (token shingles, no
     * embeddings), confirmed by {@code novelty_llm} when it names a model.
     */
    private static void novelty(TreeReader in, ObjectNode out, Problems problems, Set<String> ignored) {
        String embedding = in.text("embedding_model", null);
        JsonNode llm = in.raw("novelty_llm").filter(v -> !v.isNull()).orElse(null);
        if (llm != null && !llm.isTextual()) {
            in.wrongType("novelty_llm", llm, "must be a model name");
            llm = null;
        }
        if (embedding == null && llm == null) {
            if (in.has("similarity_threshold")) {
                ignored.add(in.key("similarity_threshold") + " (novelty is off without embedding_model or novelty_llm)");
            }
            return;
        }
        out.put("novelty_similarity_threshold", in.decimal("similarity_threshold", SIMILARITY_THRESHOLD));
        problems.alias("programs.novelty_similarity_threshold", in.key("similarity_threshold"));
        if (llm != null) {
            out.put("novelty_llm", llm.asText());
            problems.alias("programs.novelty_llm", in.key("novelty_llm"));
        }
        if (embedding != null) {
            ignored.add(in.key("embedding_model") + " (novelty compares code by token shingles, not embeddings)");
        }
    }

    private static JsonNode models(JsonNode models, Problems problems, Set<String> ignored) {
        if (!models.isArray()) {
            return models;
        }
        var out = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < models.size(); i++) {
            JsonNode entry = models.get(i);
            if (!entry.isObject()) {
                out.add(entry);
                continue;
            }
            ObjectNode model = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : entry.properties()) {
                String name = field.getKey();
                if (MODEL_IGNORED.contains(name)) {
                    ignored.add("llm.models[" + i + "]." + name);
                } else if (MODEL_RENAMED.containsKey(name)) {
                    String target = MODEL_RENAMED.get(name);
                    model.set(target, field.getValue());
                    problems.alias("llm.models[" + i + "]." + target, "llm.models[" + i + "]." + name);
                } else {
                    model.set(name, field.getValue());
                }
            }
            out.add(model);
        }
        return out;
    }

    private static Map<String, String> same(String... keys) {
        var map = new LinkedHashMap<String, String>();
        for (String k : keys) {
            map.put(k, k);
        }
        return map;
    }

    private static Map<String, String> with(Map<String, String> map, String from, String to) {
        var copy = new LinkedHashMap<>(map);
        copy.put(from, to);
        return copy;
    }
}
