package dev.openevolve.evaluation;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/** Reads Java sources with javac's parser: the primary type's name, a harness's entry point. Thread safe. */
final class JavaSources {
    private JavaSources() {
    }

    /** A parsed top-level type: package (possibly empty), simple name, and whether it is public. */
    record TypeName(String packageName, String simpleName, ClassTree tree) {
        String qualified() {
            return packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
        }

        String fileName() {
            return simpleName + ".java";
        }
    }

    /** The public top-level type, else the first top-level type; empty when the source declares none. */
    static Optional<TypeName> primaryType(String source) {
        CompilationUnitTree unit = parse(source);
        String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
        TypeName first = null;
        for (Tree t : unit.getTypeDecls()) {
            if (t instanceof ClassTree c && !c.getSimpleName().isEmpty()) {
                TypeName name = new TypeName(pkg, c.getSimpleName().toString(), c);
                if (c.getModifiers().getFlags().contains(Modifier.PUBLIC)) {
                    return Optional.of(name);
                }
                if (first == null) {
                    first = name;
                }
            }
        }
        return Optional.ofNullable(first);
    }

    /** Whether the type declares {@code public static ... evaluate()} with no parameter. */
    static boolean hasStaticEvaluate(TypeName type) {
        for (Tree member : type.tree().getMembers()) {
            if (member instanceof MethodTree m && m.getName().contentEquals("evaluate") && m.getParameters().isEmpty()
                    && m.getModifiers().getFlags().containsAll(List.of(Modifier.PUBLIC, Modifier.STATIC))) {
                return true;
            }
        }
        return false;
    }

    private static CompilationUnitTree parse(String source) {
        JavaCompiler compiler = compiler();
        JavacTask task = (JavacTask) compiler.getTask(null, null, d -> { }, List.of("-proc:none"), null,
                List.of(new Source("Parsed.java", source)));
        try {
            return task.parse().iterator().next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JavaCompiler compiler() {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new dev.openevolve.spi.OpenEvolveException(
                    "no Java compiler in this runtime (java.home=" + System.getProperty("java.home")
                            + "): the java evaluator needs a JDK, not a JRE");
        }
        return compiler;
    }

    /** An in-memory source file. */
    static final class Source extends SimpleJavaFileObject {
        private final String code;
        private final String fileName;

        Source(String fileName, String code) {
            super(URI.create("string:///" + fileName), JavaFileObject.Kind.SOURCE);
            this.fileName = fileName;
            this.code = code;
        }

        String fileName() {
            return fileName;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
