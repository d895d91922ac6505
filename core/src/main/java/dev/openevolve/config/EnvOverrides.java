package dev.openevolve.config;

import dev.openevolve.spi.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Applies the {@code OPENEVOLVE_*} environment variables on top of a loaded tree. A blank variable counts
 * as unset. A value that cannot be parsed is a problem naming the variable; a parsed value that breaks a
 * rule is reported by validation under the variable's name.
 */
final class EnvOverrides {
    static final String PRIMARY_MODEL = "OPENEVOLVE_PRIMARY_MODEL";
    /** The model used when only an API key or a base URL is configured. */
    static final String DEFAULT_MODEL = "gpt-4o-mini";
    static final String SECONDARY_MODEL = "OPENEVOLVE_SECONDARY_MODEL";
    static final String API_KEY = "OPENEVOLVE_API_KEY";
    static final String OPENAI_API_KEY = "OPENAI_API_KEY";
    static final String API_BASE = "OPENEVOLVE_API_BASE";
    static final String OPENAI_BASE_URL = "OPENAI_BASE_URL";
    static final String DB_PROVIDER = "OPENEVOLVE_DB_PROVIDER";
    static final String DB_URL = "OPENEVOLVE_DB_URL";
    static final String DB_HOST = "OPENEVOLVE_DB_HOST";
    static final String DB_PORT = "OPENEVOLVE_DB_PORT";
    static final String DB_NAME = "OPENEVOLVE_DB_NAME";
    static final String DB_USER = "OPENEVOLVE_DB_USER";
    static final String DB_PASSWORD = "OPENEVOLVE_DB_PASSWORD";
    static final String MAX_OVERHEAD = "OPENEVOLVE_MAX_OVERHEAD";
    static final String SAMPLING_RATE = "OPENEVOLVE_SAMPLING_RATE";
    static final String MAX_ITERATIONS = "OPENEVOLVE_MAX_ITERATIONS";
    static final String RANDOM_SEED = "OPENEVOLVE_RANDOM_SEED";
    static final String MAX_COST_USD = "OPENEVOLVE_MAX_COST_USD";

    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private final Map<String, String> env;
    private final Map<String, String> connection;
    private final Problems problems;

    private EnvOverrides(Map<String, String> env, Map<String, String> connection, Problems problems) {
        this.env = env;
        this.connection = connection;
        this.problems = problems;
    }

    /**
     * @param connection the YAML llm section's {@code api_base}/{@code api_key}, given to a model created here
     */
    static OpenEvolveConfig apply(OpenEvolveConfig c, Map<String, String> connection, Map<String, String> env,
                                  Problems problems) {
        return new EnvOverrides(env, connection, problems).apply(c);
    }

    private OpenEvolveConfig apply(OpenEvolveConfig c) {
        EngineConfig e = c.engine();
        Optional<Integer> iterations = integer(MAX_ITERATIONS, "max_iterations");
        Optional<Long> seed = value(RANDOM_SEED, "random_seed", "must be an integer", Long::parseLong);
        e = new EngineConfig(iterations.orElse(e.maxIterations()), e.checkpointInterval(),
                seed.orElse(e.randomSeed()), e.language(), e.diffBasedEvolution(), e.maxCodeLength(),
                e.targetScore(), e.earlyStoppingPatience(), e.parallelIterations());

        LlmConfig l = c.llm();
        double maxCost = decimal(MAX_COST_USD, "llm.max_cost_usd").orElse(l.maxCostUsd());
        l = new LlmConfig(models(l), l.temperature(), l.topP(), l.maxTokens(), l.timeout(), l.retries(), maxCost,
                l.maxTotalTokens(), l.maxConsecutiveFailures());

        StorageConfig s = c.database();
        s = new StorageConfig(text(DB_PROVIDER, "database.provider").orElse(s.provider()),
                text(DB_URL, "database.url").orElse(s.url()), text(DB_HOST, "database.host").orElse(s.host()),
                integer(DB_PORT, "database.port").orElse(s.port()), text(DB_NAME, "database.name").orElse(s.name()),
                text(DB_USER, "database.user").orElse(s.user()),
                text(DB_PASSWORD, "database.password").orElse(s.password()));

        PerformanceConfig p = c.performance();
        Optional<Double> overhead = value(MAX_OVERHEAD, "performance.max_overhead_percent", "must be a number",
                v -> parseDecimal(v.endsWith("%") ? v.substring(0, v.length() - 1).trim() : v));
        p = new PerformanceConfig(decimal(SAMPLING_RATE, "performance.sampling_rate").orElse(p.samplingRate()),
                p.adaptive(), overhead.orElse(p.maxOverheadPercent()), p.batchSize(), p.flushInterval(),
                p.bufferCapacity(), p.cpuSampleEvery());

        return new OpenEvolveConfig(e, l, c.programs(), c.prompt(), c.evaluation(), s, p);
    }

    private List<ModelConfig> models(LlmConfig llm) {
        var models = new ArrayList<>(llm.models());
        Optional<String> primary = text(PRIMARY_MODEL, null);
        Optional<String> secondary = text(SECONDARY_MODEL, null);
        Map<String, String> inherited = new java.util.HashMap<>(ModelKeys.shared(llm));
        inherited.putAll(connection);
        if (primary.isPresent()) {
            if (models.isEmpty()) {
                models.add(NativeFormat.seedModel(primary.get(), NativeFormat.PRIMARY_WEIGHT, inherited));
            } else {
                models.set(0, renamed(models.get(0), primary.get()));
            }
            problems.alias("llm.models[0].name", PRIMARY_MODEL);
            problems.alias("llm.models[0].model", PRIMARY_MODEL);
        }
        if (secondary.isPresent()) {
            if (models.isEmpty()) {
                problems.add(SECONDARY_MODEL, "needs a primary model (" + PRIMARY_MODEL + " or llm.primary_model)",
                        secondary.get());
            } else if (models.size() == 1) {
                ModelConfig first = models.get(0);
                models.add(new ModelConfig(first.provider(), secondary.get(), NativeFormat.SECONDARY_WEIGHT,
                        first.settings().with(ModelKeys.MODEL, secondary.get())));
            } else {
                models.set(1, renamed(models.get(1), secondary.get()));
            }
            problems.alias("llm.models[1].name", SECONDARY_MODEL);
            problems.alias("llm.models[1].model", SECONDARY_MODEL);
        }
        Optional<String> key = text(API_KEY, null).or(() -> text(OPENAI_API_KEY, null));
        Optional<String> forcedBase = text(API_BASE, null);
        Optional<String> fallbackBase = text(OPENAI_BASE_URL, null);
        if (models.isEmpty() && (key.isPresent() || forcedBase.isPresent() || fallbackBase.isPresent())) {
            // a key or an endpoint alone means "use the model backend": with its default model
            models.add(NativeFormat.seedModel(DEFAULT_MODEL, 1.0, inherited));
        }
        for (int i = 0; i < models.size(); i++) {
            ModelConfig m = models.get(i);
            if (!m.provider().equals(ModelKeys.OPENAI)) {
                continue;
            }
            Settings s = m.settings();
            if (key.isPresent() && s.get(ModelKeys.API_KEY).filter(v -> !v.isBlank()).isEmpty()) {
                s = s.with(ModelKeys.API_KEY, key.get());
            }
            if (forcedBase.isPresent()) {
                s = s.with(ModelKeys.API_BASE, forcedBase.get());
                problems.alias("llm.models[" + i + "]." + ModelKeys.API_BASE, API_BASE);
            } else if (fallbackBase.isPresent() && s.get(ModelKeys.API_BASE).isEmpty()) {
                s = s.with(ModelKeys.API_BASE, fallbackBase.get());
                problems.alias("llm.models[" + i + "]." + ModelKeys.API_BASE, OPENAI_BASE_URL);
            }
            models.set(i, new ModelConfig(m.provider(), m.name(), m.weight(), s));
        }
        return models;
    }

    private static ModelConfig renamed(ModelConfig m, String name) {
        return new ModelConfig(m.provider(), name, m.weight(), m.settings().with(ModelKeys.MODEL, name));
    }

    private Optional<String> text(String variable, String nativeKey) {
        return value(variable, nativeKey, "", Function.identity());
    }

    private Optional<Integer> integer(String variable, String nativeKey) {
        return value(variable, nativeKey, "must be an integer", Integer::parseInt);
    }

    private Optional<Double> decimal(String variable, String nativeKey) {
        return value(variable, nativeKey, "must be a number", EnvOverrides::parseDecimal);
    }

    private <T> Optional<T> value(String variable, String nativeKey, String rule, Function<String, T> parse) {
        String raw = env.get(variable);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            T parsed = parse.apply(raw.trim());
            if (nativeKey != null) {
                problems.alias(nativeKey, variable);
            }
            return Optional.of(parsed);
        } catch (NumberFormatException e) {
            problems.add(variable, rule, raw);
            return Optional.empty();
        }
    }

    private static double parseDecimal(String value) {
        if (!DECIMAL.matcher(value).matches()) {
            throw new NumberFormatException(value);
        }
        return Double.parseDouble(value);
    }
}
