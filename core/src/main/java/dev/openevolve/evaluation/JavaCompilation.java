package dev.openevolve.evaluation;

import dev.openevolve.internal.sandbox.Workspace;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

/** Compiles sources in process with javac, annotation processing off, diagnostics captured. Thread safe. */
final class JavaCompilation {
    private JavaCompilation() {
    }

    /** The outcome: empty errors when it compiled. */
    record Outcome(List<String> errors) {
        Outcome {
            errors = List.copyOf(errors);
        }

        boolean compiled() {
            return errors.isEmpty();
        }
    }

    /** Compiles {@code sources} into {@code classesDir} against {@code classpath} only (never the host's). */
    static Outcome compile(List<JavaSources.Source> sources, Path classesDir, List<Path> classpath) {
        JavaCompiler compiler = JavaSources.compiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(classesDir.toFile()));
            List<String> options = new ArrayList<>(List.of("-proc:none", "-nowarn", "-g", "-Xmaxerrs", "20",
                    "-encoding", "UTF-8", "-classpath", classpathString(classesDir, classpath)));
            boolean ok = compiler.getTask(null, files, diagnostics, options, null, sources).call();
            List<String> errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(JavaCompilation::format)
                    .collect(Collectors.toList());
            if (!ok && errors.isEmpty()) {
                errors = List.of("javac failed without a diagnostic");
            }
            return new Outcome(errors);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compile into " + classesDir, e);
        }
    }

    /** Compiles a trivial class on a daemon thread so that javac's classes are loaded before the first candidate. */
    static void warmUpInBackground() {
        Thread t = new Thread(() -> {
            Path dir = null;
            try {
                dir = java.nio.file.Files.createTempDirectory("openevolve-javac-warmup");
                compile(List.of(new JavaSources.Source("WarmUp.java", "class WarmUp { int f() { return 1; } }")), dir,
                        List.of());
            } catch (IOException | RuntimeException e) {
                // only a warm-up: the first real compilation reports any problem
            } finally {
                if (dir != null) {
                    try {
                        Workspace.deleteTree(dir);
                    } catch (IOException ignored) {
                        // a few bytes in the temp dir
                    }
                }
            }
        }, "openevolve-javac-warmup");
        t.setDaemon(true);
        t.start();
    }

    private static String classpathString(Path classesDir, List<Path> classpath) {
        List<String> entries = new ArrayList<>();
        entries.add(classesDir.toString());
        classpath.forEach(p -> entries.add(p.toString()));
        return String.join(File.pathSeparator, entries);
    }

    private static String format(Diagnostic<? extends JavaFileObject> d) {
        String file = d.getSource() instanceof JavaSources.Source s ? s.fileName()
                : d.getSource() == null ? "javac" : Path.of(d.getSource().getName()).getFileName().toString();
        String where = d.getLineNumber() > 0 ? file + ":" + d.getLineNumber() : file;
        return where + ": error: " + d.getMessage(Locale.ROOT);
    }
}
