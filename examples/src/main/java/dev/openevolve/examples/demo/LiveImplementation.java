package dev.openevolve.examples.demo;

import dev.openevolve.loop.DeploymentHandler;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.Suggestion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The demo shop's {@code PriceEngine} as it runs in production: compiled from source into a class loader of its
 * own and swapped atomically when a suggestion is deployed; a rollback puts back what ran before that deployment.
 * This is the host's side of deployment ({@link DeploymentHandler}). Thread safe.
 */
final class LiveImplementation implements DeploymentHandler {
    private static final Pattern BATCH = Pattern.compile("BATCH\\s*=\\s*(-?\\d+)");
    private static final MethodType TOTAL = MethodType.methodType(long.class, int[].class, int[].class);

    private final Path workDir;
    private final AtomicInteger versions = new AtomicInteger();
    private final Map<String, Version> replaced = new ConcurrentHashMap<>();
    private volatile Version current;

    /** A compiled version of the source. */
    record Version(String source, MethodHandle total) {
        String batch() {
            return batchOf(source);
        }
    }

    /** The value of {@code BATCH} in a {@code PriceEngine} source, {@code ?} when it has none. */
    static String batchOf(String source) {
        Matcher m = BATCH.matcher(source);
        return m.find() ? m.group(1) : "?";
    }

    LiveImplementation(Path workDir, String initialSource) {
        this.workDir = workDir;
        this.current = compile(initialSource);
    }

    /** Prices a basket with the implementation in service. */
    long total(int[] quantities, int[] cents) {
        try {
            return (long) current.total().invokeExact(quantities, cents);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The implementation in service. */
    Version current() {
        return current;
    }

    @Override
    public void deploy(Suggestion suggestion, Optional<Program> program) {
        Program code = program.orElseThrow(() -> new IllegalArgumentException("suggestion " + suggestion.id()
                + " carries no code to deploy"));
        Version next = compile(code.code());
        synchronized (this) {
            replaced.put(suggestion.id(), current);
            current = next;
        }
    }

    @Override
    public void rollback(Suggestion suggestion, Map<String, String> evidence) {
        synchronized (this) {
            Version before = replaced.remove(suggestion.id());
            if (before == null) {
                throw new IllegalStateException("suggestion " + suggestion.id() + " was not deployed here");
            }
            current = before;
        }
    }

    private Version compile(String source) {
        Objects.requireNonNull(source, "source");
        try {
            Path dir = Files.createDirectories(workDir.resolve("v" + versions.incrementAndGet()));
            Path file = dir.resolve("PriceEngine.java");
            Files.writeString(file, source);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new IllegalStateException("the demo needs a JDK (javax.tools finds no compiler)");
            }
            var diagnostics = new ByteArrayOutputStream();
            int rc = javac.run(null, null, new PrintStream(diagnostics, true, StandardCharsets.UTF_8), "-proc:none",
                    "-d", dir.toString(), file.toString());
            if (rc != 0) {
                throw new IllegalArgumentException("PriceEngine does not compile: "
                        + diagnostics.toString(StandardCharsets.UTF_8));
            }
            var loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> type = Class.forName("PriceEngine", true, loader);
            return new Version(source, MethodHandles.publicLookup().findStatic(type, "total", TOTAL));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compile PriceEngine in " + workDir, e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("PriceEngine has no public static long total(int[], int[])", e);
        }
    }
}
