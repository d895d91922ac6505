package dev.openevolve.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds real plugin jars for tests: compiles Java sources and writes them with a service registration. */
final class PluginJars {
    private PluginJars() {
    }

    /**
     * Compiles {@code sources} (class name to source) against the test and main classes and writes a jar
     * holding the classes and {@code META-INF/services/<service>} listing {@code registered}.
     */
    static Path jar(Path dir, String jarName, Class<?> service, Map<String, String> sources, List<String> registered)
            throws IOException {
        Path src = Files.createDirectories(dir.resolve(jarName + "-src"));
        Path classes = Files.createDirectories(dir.resolve(jarName + "-classes"));
        var files = new ArrayList<String>();
        for (var e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            files.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        var args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(), "-classpath",
                location(service) + java.io.File.pathSeparator
                        + location(dev.openevolve.spi.OpenEvolveException.class)));
        args.addAll(files);
        int status = javac.run(null, null, null, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("test plugin sources did not compile");
        }
        Path jar = dir.resolve(jarName + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); var jarOut = new JarOutputStream(out);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                jarOut.write(Files.readAllBytes(p));
                jarOut.closeEntry();
            }
            jarOut.putNextEntry(new JarEntry("META-INF/services/" + service.getName()));
            jarOut.write((String.join("\n", registered) + "\n").getBytes(StandardCharsets.UTF_8));
            jarOut.closeEntry();
        }
        return jar;
    }

    static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
