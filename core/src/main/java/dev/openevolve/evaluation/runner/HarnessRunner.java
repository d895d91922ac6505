package dev.openevolve.evaluation.runner;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Runs a scoring harness inside a sandboxed child JVM and prints its outcome as one line
 * {@code OPENEVOLVE-RESULT <nonce> <json>} on stdout. JDK only: it is copied as a class file into the sandbox.
 *
 * <p>{@code --once <nonce> <classpath> <harnessClass>} evaluates once and halts; {@code --serve} prints
 * {@code READY} and then answers one request line ({@code nonce TAB classpath TAB harnessClass}) after another,
 * each in a fresh class loader, until stdin ends. The candidate's own stdout goes to stderr.
 * Not part of the library API.
 */
public final class HarnessRunner {
    /** The prefix of the result line. */
    public static final String MARKER = "OPENEVOLVE-RESULT";
    private static final int MAX_TRACE_LINES = 25;

    private HarnessRunner() {
    }

    /** Entry point in the child JVM. */
    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.setOut(err);
        System.setErr(err);
        if (args.length == 4 && args[0].equals("--once")) {
            protocol.println(MARKER + " " + args[1] + " " + evaluate(args[2], args[3]));
            protocol.flush();
            Runtime.getRuntime().halt(0);
        } else if (args.length == 1 && args[0].equals("--serve")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            protocol.println("READY");
            String line;
            while ((line = in.readLine()) != null) {
                String[] parts = line.split("\t", -1);
                if (parts.length != 3) {
                    protocol.println(MARKER + " - " + error("protocol", "bad request line", ""));
                    continue;
                }
                String result = evaluate(parts[1], parts[2]);
                System.setOut(err);
                System.setErr(err);
                protocol.println(MARKER + " " + parts[0] + " " + result);
            }
            Runtime.getRuntime().halt(0);
        } else {
            err.println("usage: HarnessRunner --once <nonce> <classpath> <harnessClass> | --serve");
            Runtime.getRuntime().halt(2);
        }
    }

    static String evaluate(String classpath, String harnessClass) {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        String result;
        try (URLClassLoader loader = new URLClassLoader(urls(classpath), ClassLoader.getPlatformClassLoader())) {
            current.setContextClassLoader(loader);
            Class<?> harness = Class.forName(harnessClass, true, loader);
            Method m = harness.getMethod("evaluate");
            if (!Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0) {
                result = error("harness", harnessClass + ".evaluate() must be public static and take no argument",
                        "");
            } else {
                Object value = m.invoke(null);
                result = value instanceof Map<?, ?> map ? ok(map) : error("harness", harnessClass
                        + ".evaluate() returned " + (value == null ? "null" : value.getClass().getName())
                        + " instead of a java.util.Map", "");
            }
        } catch (InvocationTargetException | ExceptionInInitializerError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            result = failure(cause);
        } catch (NoSuchMethodException e) {
            result = error("harness", harnessClass + " has no public static evaluate() method", "");
        } catch (ClassNotFoundException e) {
            result = error("harness", "harness class " + harnessClass + " not found on " + classpath, "");
        } catch (Throwable t) {
            result = failure(t);
        } finally {
            current.setContextClassLoader(previous);
        }
        if (leftThreads(before)) {
            result = result.substring(0, result.length() - 1) + ",\"dirty\":true}";
        }
        return result;
    }

    private static boolean leftThreads(Set<Thread> before) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && t.isAlive()) {
                try {
                    t.join(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (t.isAlive()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static URL[] urls(String classpath) throws Exception {
        String[] entries = classpath.split(File.pathSeparator);
        URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++) {
            urls[i] = new File(entries[i]).toURI().toURL();
        }
        return urls;
    }

    private static String failure(Throwable t) {
        if (t instanceof StackOverflowError) {
            return error("stack_overflow", "java.lang.StackOverflowError", trace(t));
        }
        return error("exception", String.valueOf(t), trace(t));
    }

    private static String ok(Map<?, ?> values) {
        StringBuilder metrics = new StringBuilder();
        StringBuilder artifacts = new StringBuilder();
        for (Map.Entry<?, ?> e : values.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            if (v instanceof Number n) {
                double d = n.doubleValue();
                append(metrics, key, Double.isFinite(d) ? Double.toString(d) : quote(Double.toString(d)));
            } else {
                append(artifacts, key, quote(String.valueOf(v)));
            }
        }
        return "{\"status\":\"ok\",\"metrics\":{" + metrics + "},\"artifacts\":{" + artifacts + "}}";
    }

    private static void append(StringBuilder sb, String key, String jsonValue) {
        if (sb.length() > 0) {
            sb.append(',');
        }
        sb.append(quote(key)).append(':').append(jsonValue);
    }

    private static String error(String kind, String message, String trace) {
        return "{\"status\":\"error\",\"kind\":" + quote(kind) + ",\"message\":" + quote(message)
                + ",\"trace\":" + quote(trace) + "}";
    }

    private static String trace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String[] lines = w.toString().split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(lines.length, MAX_TRACE_LINES); i++) {
            sb.append(lines[i]).append('\n');
        }
        if (lines.length > MAX_TRACE_LINES) {
            sb.append("\t... ").append(lines.length - MAX_TRACE_LINES).append(" more lines\n");
        }
        return sb.toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
