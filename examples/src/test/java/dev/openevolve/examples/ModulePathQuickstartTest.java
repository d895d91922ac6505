package dev.openevolve.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host on the module path: a small named module that requires {@code dev.openevolve.core}, compiled and run by a
 * real {@code java --module-path ... --module ...} with core, its dependencies and the jdbc store (the quickstart's
 * embedded H2) as modules, runs the quickstart problem and improves it.
 */
class ModulePathQuickstartTest {
    private static final String HOST_MODULE = "openevolve.quickstart.host";
    private static final List<String> HOST_SOURCES = List.of("module-info.java",
            "openevolve/quickstart/host/QuickstartHost.java");
    /** The jars core and the jdbc store need at run time (core's pom and jdbc-store's pom, transitively). */
    private static final Pattern RUNTIME_JAR = Pattern.compile("(slf4j-api|slf4j-simple|jackson-core|jackson-databind"
            + "|jackson-annotations|jackson-dataformat-yaml|snakeyaml|ejml-core|HikariCP|jdbi3-core|geantyref|h2"
            + "|postgresql|checker-qual)-\\d[^/]*\\.jar");
    /** This build's modules, as jars (after package) or class folders (in a test-phase build). */
    private static final Pattern OWN_MODULE = Pattern.compile(
            "(openevolve-(spi|core|jdbc-store)-[^/]*(?<!-tests)\\.jar|/(spi|core|jdbc-store)/target/classes/?)");

    @TempDir
    Path dir;

    @Test
    void aHostOnTheModulePathRunsTheQuickstartAndImprovesIt() throws Exception {
        String modulePath = modulePath();
        Path classes = compileHost(modulePath);
        Path problem = Files.createDirectories(dir.resolve("problem"));
        copy("quickstart/Thermostat.java", problem.resolve("Thermostat.java"));
        copy("quickstart/ThermostatHarness.java", problem.resolve("ThermostatHarness.java"));

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "--module-path", classes + File.pathSeparator + modulePath,
                "--module", HOST_MODULE + "/openevolve.quickstart.host.QuickstartHost", problem.toString(), "12")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("host.log").toFile())
                .start();
        boolean exited = process.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String log = Files.readString(dir.resolve("host.log"));
        assertThat(exited).as(log).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
        assertThat(log).contains("core module: dev.openevolve.core").contains("store module: dev.openevolve.store.jdbc")
                .contains("iterations: 12");
        assertThat(score(log, "best")).as(log).isGreaterThan(score(log, "initial"));
    }

    private static String modulePath() {
        List<String> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> {
                    String path = e.replace(File.separatorChar, '/');
                    String name = path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
                    return RUNTIME_JAR.matcher(name).matches() || OWN_MODULE.matcher(path).find();
                })
                .toList();
        assertThat(entries).as("module path from the test class path").hasSizeGreaterThanOrEqualTo(15);
        return String.join(File.pathSeparator, entries);
    }

    private Path compileHost(String modulePath) throws IOException {
        Path sources = dir.resolve("host-src");
        List<File> files = new ArrayList<>();
        for (String source : HOST_SOURCES) {
            files.add(copy("module-host/" + source, sources.resolve(source)).toFile());
        }
        Path classes = Files.createDirectories(dir.resolve("host-classes"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        var diagnostics = new StringWriter();
        try (var fileManager = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            boolean compiled = compiler.getTask(diagnostics, fileManager, null, List.of("--release", "17",
                            "-Xlint:all", "-Werror", "--module-path", modulePath, "-d", classes.toString()), null,
                    fileManager.getJavaFileObjectsFromFiles(files)).call();
            assertThat(compiled).as(diagnostics.toString()).isTrue();
        }
        return classes;
    }

    private static Path copy(String resource, Path target) throws IOException {
        try (InputStream in = ModulePathQuickstartTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.createDirectories(target.getParent());
            Files.write(target, in.readAllBytes());
        }
        return target;
    }

    private static double score(String log, String label) {
        Matcher m = Pattern.compile("(?m)^" + label + ": (\\S+)$").matcher(log);
        assertThat(m.find()).as(label + " in " + log).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
