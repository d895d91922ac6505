package dev.openevolve.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openevolve.internal.context.SourceTreeContextProvider;
import dev.openevolve.spi.CodebaseContextProvider;
import dev.openevolve.spi.StoreProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidersTest {
    @TempDir
    static Path dir;
    static Path jarA;
    static Path jarB;
    static Path brokenJar;
    static Path contextJar;
    static URLClassLoader loader;

    private static String provider(String pkg, String cls, String id) {
        return "package " + pkg + ";\npublic class " + cls + " implements dev.openevolve.plugin.TestService {\n"
                + "  public String name() { return \"" + id + "\"; }\n}\n";
    }

    @BeforeAll
    static void buildPluginJars() throws IOException {
        jarA = PluginJars.jar(dir, "plugin-a", TestService.class,
                Map.of("testplugins.a.DupA", provider("testplugins.a", "DupA", "test-duplicate")),
                List.of("testplugins.a.DupA"));
        jarB = PluginJars.jar(dir, "plugin-b", TestService.class, Map.of(
                        "testplugins.b.DupB", provider("testplugins.b", "DupB", "test-duplicate"),
                        "testplugins.b.Found", provider("testplugins.b", "Found", "test-found")),
                List.of("testplugins.b.DupB", "testplugins.b.Found"));
        brokenJar = PluginJars.jar(dir, "plugin-broken", TestService.class, Map.of(
                        "testplugins.c.BrokenId", "package testplugins.c;\n"
                                + "public class BrokenId implements dev.openevolve.plugin.TestService {\n"
                                + "  public String name() { throw new IllegalStateException(\"no id\"); }\n}\n",
                        "testplugins.c.BrokenConstructor", "package testplugins.c;\n"
                                + "public class BrokenConstructor implements dev.openevolve.plugin.TestService {\n"
                                + "  public BrokenConstructor() { throw new IllegalStateException(\"boom\"); }\n"
                                + "  public String name() { return \"test-broken\"; }\n}\n"),
                List.of("testplugins.c.Missing", "testplugins.c.BrokenId", "testplugins.c.BrokenConstructor"));
        contextJar = PluginJars.jar(dir, "plugin-context", CodebaseContextProvider.class, Map.of(
                        "testplugins.d.Fixed", "package testplugins.d;\n"
                                + "public class Fixed implements dev.openevolve.spi.CodebaseContextProvider {\n"
                                + "  public String id() { return \"test-fixed\"; }\n"
                                + "  public String describe(java.nio.file.Path root, int maxChars) {\n"
                                + "    return \"fixed\";\n  }\n"
                                + "}\n"),
                List.of("testplugins.d.Fixed"));
        loader = new URLClassLoader(new URL[] {PluginJars.url(jarA), PluginJars.url(jarB), PluginJars.url(brokenJar),
                PluginJars.url(contextJar)}, ProvidersTest.class.getClassLoader());
    }

    @AfterAll
    static void closeLoader() throws IOException {
        loader.close();
    }

    @Test
    void findsTheProviderWithTheId() {
        TestService found = Providers.find(TestService.class, "test-found", TestService::name, loader);
        assertThat(found.getClass().getName()).isEqualTo("testplugins.b.Found");
        assertThat(found.getClass().getClassLoader()).isSameAs(loader);
    }

    @Test
    void listsTheIdsOfLoadableProvidersSortedAndOnce() {
        assertThat(Providers.ids(TestService.class, TestService::name, loader))
                .containsExactly("test-duplicate", "test-found");
    }

    @Test
    void missingIdNamesTheIdsFound() {
        assertThatThrownBy(() -> Providers.find(TestService.class, "nope", TestService::name, loader))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessage("No TestService with id 'nope' found (ids found: test-duplicate, test-found). "
                        + "Check the id for a typo, or add the jar that provides it to the class path.");
    }

    @Test
    void missingKnownIdNamesTheArtifactToAdd() {
        ProviderNotFoundException e = catchThrowableOfType(ProviderNotFoundException.class,
                () -> Providers.find(TestService.class, "jdbc", TestService::name, loader));
        assertThat(e).hasMessage("No TestService with id 'jdbc' found (ids found: test-duplicate, test-found). "
                + "Add the dependency dev.openevolve:openevolve-jdbc-store to the class path.");
        assertThat(e.requestedId()).isEqualTo("jdbc");
        assertThat(e.available()).containsExactly("test-duplicate", "test-found");
        assertThat(e.artifact()).contains("dev.openevolve:openevolve-jdbc-store");
        assertThat(e.type()).isEqualTo("TestService");
    }

    @Test
    void noProviderAtAllSaysNone() {
        assertThatThrownBy(() -> Providers.find(TestService.class, "openai", TestService::name,
                ProvidersTest.class.getClassLoader()))
                .hasMessage("No TestService with id 'openai' found (ids found: none). "
                        + "Add the dependency dev.openevolve:openevolve-llm-openai to the class path.");
    }

    @Test
    void duplicateIdListsBothClassesAndTheirJars() {
        DuplicateProviderException e = catchThrowableOfType(DuplicateProviderException.class,
                () -> Providers.find(TestService.class, "test-duplicate", TestService::name, loader));
        String a = "testplugins.a.DupA (" + PluginJars.url(jarA) + ")";
        String b = "testplugins.b.DupB (" + PluginJars.url(jarB) + ")";
        assertThat(e).hasMessage("2 TestServices carry the id 'test-duplicate': " + a + ", " + b
                + ". Remove all but one of them from the class path.");
        assertThat(e.providers()).containsExactly(a, b);
        assertThat(e.id()).isEqualTo("test-duplicate");
    }

    @Test
    void brokenProvidersAreLoggedWithTheirClassAndSkipped() {
        PrintStream original = System.err;
        var captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        List<String> ids;
        try {
            ids = Providers.ids(TestService.class, TestService::name, loader);
        } finally {
            System.setErr(original);
        }
        assertThat(ids).doesNotContain("test-broken");
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("testplugins.c.Missing", "testplugins.c.BrokenConstructor", "testplugins.c.BrokenId",
                        "no id");
    }

    @Test
    void convenienceLookupsUseTheThreadContextClassLoader() {
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            assertThat(Providers.codebaseContext("test-fixed").describe(dir, 10)).isEqualTo("fixed");
            assertThat(Providers.codebaseContext(SourceTreeContextProvider.ID))
                    .isInstanceOf(SourceTreeContextProvider.class);
        } finally {
            thread.setContextClassLoader(original);
        }
        assertThatThrownBy(() -> Providers.codebaseContext("test-fixed"))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessageContaining("'test-fixed'").hasMessageContaining("source-tree");
    }

    @Test
    void thePreferredCodebaseContextIsTreesitterWhenPresentElseTheBuiltInScan() throws IOException {
        Path treesitterJar = PluginJars.jar(dir, "plugin-treesitter", CodebaseContextProvider.class, Map.of(
                        "testplugins.e.Parsed", "package testplugins.e;\n"
                                + "public class Parsed implements dev.openevolve.spi.CodebaseContextProvider {\n"
                                + "  public String id() { return \"treesitter\"; }\n"
                                + "  public String describe(java.nio.file.Path root, int maxChars) {\n"
                                + "    return \"parsed\";\n  }\n"
                                + "}\n"),
                List.of("testplugins.e.Parsed"));
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        try (var withTreesitter = new URLClassLoader(new URL[] {PluginJars.url(treesitterJar)},
                ProvidersTest.class.getClassLoader())) {
            assertThat(Providers.preferredCodebaseContext()).isInstanceOf(SourceTreeContextProvider.class);
            thread.setContextClassLoader(withTreesitter);
            assertThat(Providers.preferredCodebaseContext().describe(dir, 10)).isEqualTo("parsed");
        } finally {
            thread.setContextClassLoader(original);
        }
    }

    @Test
    void builtInSourceTreeProviderIsRegistered() {
        assertThat(Providers.ids(CodebaseContextProvider.class, CodebaseContextProvider::id,
                ProvidersTest.class.getClassLoader())).contains("source-tree");
    }

    @Test
    void unknownLanguageModelAndStoreIdsNameTheirArtifacts() {
        assertThatThrownBy(() -> Providers.languageModel("openai"))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessageStartingWith("No LanguageModelProvider with id 'openai' found")
                .hasMessageEndingWith("Add the dependency dev.openevolve:openevolve-llm-openai to the class path.");
        assertThatThrownBy(() -> Providers.store("jdbc"))
                .hasMessageStartingWith("No " + StoreProvider.class.getSimpleName() + " with id 'jdbc' found")
                .hasMessageEndingWith("Add the dependency dev.openevolve:openevolve-jdbc-store to the class path.");
        assertThatThrownBy(() -> Providers.evaluator("test-nothing"))
                .hasMessageStartingWith("No EvaluatorProvider with id 'test-nothing' found");
    }
}
