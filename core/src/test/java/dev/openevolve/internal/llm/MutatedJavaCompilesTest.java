package dev.openevolve.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.internal.diff.DiffResult;
import dev.openevolve.internal.diff.Diffs;
import dev.openevolve.spi.Prompt;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mutated program must still be valid Java: checked with the JDK's own compiler. */
class MutatedJavaCompilesTest {

    private static final String TEMPLATE = """
            final class NAME {
                // EVOLVE-BLOCK-START
                static final long BIG = 1_000_000L;
                static final float F = 3.0f;
                static final double TINY = 2.5e-3;
                static final double NEG = -0.75;
                static final int[] TABLE = {1, -2, 3};
                static int f(int a) {
                    int b = a-3;
                    int c = a - 4 * 2;
                    int d = -a + 5;
                    if (a > 10) {
                        return -2;
                    }
                    return TABLE[0] + b + c + d + (int) (F * 2) + (int) (TINY + NEG);
                }
                static double g(double x) {
                    return x * 0.5 + 1e3 / 7. + .25;
                }
                // EVOLVE-BLOCK-END
            }
            """;

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String name, String code) {
            super(URI.create("string:///" + name + ".java"), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }

    @Test
    void mutatedProgramsCompile(@TempDir Path out) throws IOException {
        MutationModel model = new MutationModel(3, 0.6);
        List<JavaFileObject> sources = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String name = "Mutant" + i;
            String code = TEMPLATE.replace("NAME", name);
            DiffResult result = Diffs.apply(code, Diffs.parse(model.complete(new Prompt("", "", code, i)).text()));
            assertThat(result.problems()).isEmpty();
            assertThat(result.changed()).isTrue();
            sources.add(new Source(name, result.code()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Files.createDirectories(out);
        boolean ok = javac.getTask(null, null, diagnostics, List.of("-d", out.toString(), "-proc:none"), null, sources).call();

        String errors = diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + " " + d.getMessage(Locale.ROOT))
                .collect(Collectors.joining("\n"));
        assertThat(errors).isEmpty();
        assertThat(ok).isTrue();
    }
}
