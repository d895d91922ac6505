package dev.openevolve.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads an {@link OpenEvolveConfig} from YAML and the environment, and validates it.
 *
 * <p>Two YAML layouts load: the native one (top-level engine keys and the sections {@code llm},
 * {@code programs}, {@code prompt}, {@code evaluation}, {@code database} for storage, {@code performance}) and
 * OpenEvolve's own {@code config.yaml} (recognised by sections such as {@code evaluator} or program-database
 * keys under {@code database}), whose keys without a counterpart are named in one logged warning. A key set to
 * {@code null} keeps its default. Environment variables ({@code OPENEVOLVE_MAX_ITERATIONS},
 * {@code OPENEVOLVE_API_KEY}, {@code OPENEVOLVE_DB_URL}, …) are applied after the YAML; an API key from the
 * environment goes to every {@code openai} model without one.
 *
 * <p>Every method reports every problem at once in one {@link ConfigException} naming the source; secrets are
 * masked. Stateless and thread safe.
 */
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ConfigLoader() {
    }

    /**
     * Loads {@code yamlFile} with the process environment.
     *
     * @throws ConfigException when the file cannot be read, is not YAML, or holds any problem
     */
    public static OpenEvolveConfig load(Path yamlFile) {
        return load(yamlFile, System.getenv());
    }

    /**
     * Loads {@code yamlFile} (UTF-8) with {@code env} as the environment.
     *
     * @throws ConfigException when the file cannot be read, is not YAML, or holds any problem
     */
    public static OpenEvolveConfig load(Path yamlFile, Map<String, String> env) {
        Objects.requireNonNull(yamlFile, "yamlFile");
        Objects.requireNonNull(env, "env");
        Path base = yamlFile.toAbsolutePath().getParent();
        return fromYaml(read(yamlFile), yamlFile.toString(), env, LOG::warn, base);
    }

    /**
     * Loads YAML text.
     *
     * @param yaml       the document; empty means every default
     * @param sourceName names the source in messages, for example a file name
     * @param env        the environment variables to apply
     * @throws ConfigException when the text is not YAML or holds any problem
     */
    public static OpenEvolveConfig fromYaml(String yaml, String sourceName, Map<String, String> env) {
        return fromYaml(yaml, sourceName, env, LOG::warn, null);
    }

    /**
     * The defaults with {@code env} applied.
     *
     * @throws ConfigException naming source {@code environment} when a variable is bad
     */
    public static OpenEvolveConfig fromEnvironment(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        var problems = new Problems();
        OpenEvolveConfig config = EnvOverrides.apply(OpenEvolveConfig.defaults(), Map.of(), env, problems);
        problems.addAll(config.validate());
        problems.throwIfAny("environment");
        return config;
    }

    /** As {@link #fromYaml(String, String, Map)}, handing warnings to {@code warnings} instead of the log. */
    static OpenEvolveConfig fromYaml(String yaml, String sourceName, Map<String, String> env,
                                     Consumer<String> warnings) {
        return fromYaml(yaml, sourceName, env, warnings, null);
    }

    /**
     * As {@link #fromYaml(String, String, Map, Consumer)}; a relative {@code prompt.template_dir} is looked for in
     * {@code baseDir} (the configuration file's folder, or {@code null} for text) first.
     */
    static OpenEvolveConfig fromYaml(String yaml, String sourceName, Map<String, String> env,
                                     Consumer<String> warnings, Path baseDir) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(env, "env");
        ObjectNode root = parse(yaml, sourceName);
        var problems = new Problems();
        List<String> openEvolveMarks = OpenEvolveFormat.openEvolveMarks(root);
        List<String> nativeMarks = OpenEvolveFormat.nativeMarks(root);
        if (!openEvolveMarks.isEmpty() && !nativeMarks.isEmpty()) {
            problems.add(sourceName, "mixes OpenEvolve keys " + openEvolveMarks + " with native keys " + nativeMarks
                    + "; use one layout", null);
            problems.throwIfAny(sourceName);
        }
        boolean openEvolve = !openEvolveMarks.isEmpty();
        Set<String> ignored = new LinkedHashSet<>();
        ObjectNode tree = openEvolve ? OpenEvolveFormat.translate(root, problems, ignored) : root;
        NativeFormat.Result read = NativeFormat.read(TreeReader.of(tree, "", problems), openEvolve, baseDir);
        OpenEvolveConfig config = EnvOverrides.apply(read.config(), read.connection(), env, problems);
        if (read.offline()) {
            config = config.toBuilder().llm(config.llm().withModels(List.of())).build();
        }
        problems.addAll(config.validate());
        if (!ignored.isEmpty()) {
            warnings.accept("OpenEvolve configuration " + sourceName + ": ignoring keys without a counterpart: "
                    + String.join(", ", ignored));
        }
        problems.throwIfAny(sourceName);
        return config;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw single(file.toString(), "does not exist");
        } catch (CharacterCodingException e) {
            throw single(file.toString(), "is not UTF-8 text");
        } catch (IOException e) {
            throw single(file.toString(), "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static ObjectNode parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw single(source, "is not valid YAML" + position(e) + ": " + reason(e));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!root.isObject()) {
            throw single(source, "must hold a mapping of keys at the top level, not "
                    + (root.isArray() ? "a list" : "a single value"));
        }
        return (ObjectNode) root;
    }

    private static String position(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblemMark() != null) {
                return " at line " + (marked.getProblemMark().getLine() + 1) + ", column "
                        + (marked.getProblemMark().getColumn() + 1);
            }
        }
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 1) {
            return "";
        }
        return " at line " + at.getLineNr() + (at.getColumnNr() >= 1 ? ", column " + at.getColumnNr() : "");
    }

    /** The parser's complaint without the quoted source excerpt, which may hold a secret. */
    private static String reason(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblem() != null) {
                return marked.getProblem();
            }
        }
        String message = e.getOriginalMessage();
        int cut = message == null ? -1 : message.indexOf('\n');
        return message == null ? e.getClass().getSimpleName() : cut < 0 ? message : message.substring(0, cut);
    }

    private static ConfigException single(String source, String rule) {
        return new ConfigException(source, List.of(new ConfigProblem(source, rule, null)));
    }
}
