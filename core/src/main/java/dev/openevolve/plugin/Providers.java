package dev.openevolve.plugin;

import dev.openevolve.spi.CodebaseContextProvider;
import dev.openevolve.spi.EvaluatorProvider;
import dev.openevolve.spi.LanguageModelProvider;
import dev.openevolve.spi.StoreProvider;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds plugin providers by id through {@link ServiceLoader}. Discovery only finds candidates: nothing is
 * created or switched on by being on the class path; the host asks for an id.
 *
 * <p>A provider that fails to load (a {@link ServiceConfigurationError}, or an {@code id()} that throws) is
 * logged with its class name and skipped. No provider with the id gives a {@link ProviderNotFoundException}
 * naming the ids present and the artifact to add; two with one id give a {@link DuplicateProviderException}
 * listing both classes and their jars. Stateless and thread safe; every call scans afresh, so callers that
 * look up often should keep the provider they got.
 */
public final class Providers {
    private static final Logger LOG = LoggerFactory.getLogger(Providers.class);
    private static final int MAX_CONSECUTIVE_ERRORS = 100;
    private static final String CORE = "dev.openevolve:openevolve-core";
    private static final Map<String, String> ARTIFACTS = Map.of(
            "openai", "dev.openevolve:openevolve-llm-openai",
            "jdbc", "dev.openevolve:openevolve-jdbc-store",
            "cluster", "dev.openevolve:openevolve-cluster",
            "memory", CORE,
            "mutation", CORE,
            "source-tree", CORE,
            "treesitter", "dev.openevolve:openevolve-codegraph");
    /** The codebase context providers tried in order by {@link #preferredCodebaseContext()}. */
    private static final List<String> CONTEXT_PREFERENCE = List.of("treesitter", "source-tree");

    private Providers() {
    }

    /** The {@link LanguageModelProvider} with {@code id}, from the thread context class loader. */
    public static LanguageModelProvider languageModel(String id) {
        return find(LanguageModelProvider.class, id, LanguageModelProvider::id, contextLoader());
    }

    /** The {@link StoreProvider} with {@code id}, from the thread context class loader. */
    public static StoreProvider store(String id) {
        return find(StoreProvider.class, id, StoreProvider::id, contextLoader());
    }

    /** The {@link EvaluatorProvider} with {@code id}, from the thread context class loader. */
    public static EvaluatorProvider evaluator(String id) {
        return find(EvaluatorProvider.class, id, EvaluatorProvider::id, contextLoader());
    }

    /** The {@link CodebaseContextProvider} with {@code id}, from the thread context class loader. */
    public static CodebaseContextProvider codebaseContext(String id) {
        return find(CodebaseContextProvider.class, id, CodebaseContextProvider::id, contextLoader());
    }

    /**
     * The best {@link CodebaseContextProvider} on the class path: {@code treesitter} (a parsed code graph, module
     * {@code openevolve-codegraph}) when present, else the built-in {@code source-tree} scan. From the thread context
     * class loader.
     */
    public static CodebaseContextProvider preferredCodebaseContext() {
        List<String> present = ids(CodebaseContextProvider.class, CodebaseContextProvider::id, contextLoader());
        return codebaseContext(CONTEXT_PREFERENCE.stream().filter(present::contains).findFirst()
                .orElse(CONTEXT_PREFERENCE.get(CONTEXT_PREFERENCE.size() - 1)));
    }

    /**
     * The one provider of {@code type} whose {@code idOf} is {@code id}.
     *
     * @param loader where to look; {@code null} means the system class loader
     * @throws ProviderNotFoundException  when none has the id
     * @throws DuplicateProviderException when several have it
     */
    public static <P> P find(Class<P> type, String id, Function<P, String> idOf, ClassLoader loader) {
        Objects.requireNonNull(id, "id");
        List<Found<P>> all = scan(type, idOf, loader);
        var matches = all.stream().filter(f -> f.id.equals(id)).toList();
        if (matches.size() > 1) {
            throw new DuplicateProviderException(type.getSimpleName(), id,
                    matches.stream().map(f -> describe(f.provider.getClass())).toList());
        }
        if (matches.isEmpty()) {
            throw new ProviderNotFoundException(type.getSimpleName(), id, sortedIds(all), ARTIFACTS.get(id));
        }
        return matches.get(0).provider;
    }

    /**
     * The ids of every loadable provider of {@code type}, sorted, each once.
     *
     * @param loader where to look; {@code null} means the system class loader
     */
    public static <P> List<String> ids(Class<P> type, Function<P, String> idOf, ClassLoader loader) {
        return sortedIds(scan(type, idOf, loader));
    }

    private record Found<P>(String id, P provider) {
    }

    private static <P> List<Found<P>> scan(Class<P> type, Function<P, String> idOf, ClassLoader loader) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(idOf, "idOf");
        var found = new ArrayList<Found<P>>();
        // as a named module, core declares `uses` for the four SPI types; any other type the host asks for is added here
        Providers.class.getModule().addUses(type);
        Iterator<P> it = ServiceLoader.load(type, loader).iterator();
        int errors = 0;
        while (errors < MAX_CONSECUTIVE_ERRORS) {
            P provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                errors++;
                LOG.warn("Skipping a {} that failed to load: {}", type.getSimpleName(), e.getMessage());
                continue;
            }
            errors = 0;
            String id;
            try {
                id = idOf.apply(provider);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Skipping {} {}: its id() failed with {}", type.getSimpleName(),
                        describe(provider.getClass()), e.toString());
                continue;
            }
            if (id == null || id.isBlank()) {
                LOG.warn("Skipping {} {}: its id() is blank", type.getSimpleName(), describe(provider.getClass()));
                continue;
            }
            found.add(new Found<>(id, provider));
        }
        return found;
    }

    private static List<String> sortedIds(List<? extends Found<?>> found) {
        var ids = new TreeSet<String>();
        found.forEach(f -> ids.add(f.id()));
        return List.copyOf(ids);
    }

    private static String describe(Class<?> type) {
        return type.getName() + " (" + location(type) + ")";
    }

    private static String location(Class<?> type) {
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            URL url = source == null ? null : source.getLocation();
            return url == null ? "unknown location" : url.toString();
        } catch (SecurityException e) {
            return "unknown location";
        }
    }

    private static ClassLoader contextLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : Providers.class.getClassLoader();
    }
}
