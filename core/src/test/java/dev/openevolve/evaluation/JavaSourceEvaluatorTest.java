package dev.openevolve.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.spi.Candidate;
import dev.openevolve.spi.EvaluationRequest;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.OpenEvolveException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaSourceEvaluatorTest {
    static final Path RESOURCES = Path.of("src/test/resources/dev/openevolve/evaluation/java");
    private static JavaSourceEvaluator cold;
    private static JavaSourceEvaluator warm;

    @BeforeAll
    static void start() {
        cold = JavaSourceEvaluator.builder().harness(RESOURCES.resolve("PriceHarness.java")).memoryLimitMb(64)
                .warmWorkers(0).build();
        warm = JavaSourceEvaluator.builder().harness(RESOURCES.resolve("PriceHarness.java")).memoryLimitMb(64)
                .warmWorkers(1).build();
    }

    @AfterAll
    static void stop() {
        cold.close();
        warm.close();
    }

    private static EvaluationResult run(JavaSourceEvaluator e, String code) throws Exception {
        return e.evaluate(new EvaluationRequest(new Candidate("c1", code, "java"), 1, Duration.ofSeconds(20)));
    }

    static final String GOOD = """
            /** tuning constant inside */
            public class PriceModel {
                static final double RATE = 4.2;
                public static double price(int quantity) { return quantity * RATE; }
            }
            """;

    @Test
    void goodCandidateScoresInAChildJvm() throws Exception {
        EvaluationResult r = run(cold, GOOD);
        assertThat(r.failure()).isEmpty();
        assertThat(r.metric("combined_score").getAsDouble()).isEqualTo(1.0);
        assertThat(r.metric("price")).hasValue(42.0);
        assertThat(r.artifacts()).containsEntry("note", "price(10)=42.0");
    }

    @Test
    void warmWorkerScoresCandidatesOneAfterAnother() throws Exception {
        assertThat(run(warm, GOOD).metric("combined_score")).hasValue(1.0);
        EvaluationResult second = run(warm, GOOD.replace("4.2", "4.0"));
        assertThat(second.metric("price")).hasValue(40.0);
        assertThat(second.metric("combined_score").getAsDouble()).isEqualTo(1.0 / 3.0);
    }

    @Test
    void nonCompilingCandidateFailsWithJavacDiagnostics() throws Exception {
        for (JavaSourceEvaluator e : new JavaSourceEvaluator[] {cold, warm}) {
            EvaluationResult r = run(e, """
                    public class PriceModel {
                        public static double price(int quantity) {
                            return quantity * undefinedRate;
                        }
                    }
                    """);
            assertThat(r.failureReason()).startsWith("does not compile: PriceModel.java:3: error: cannot find symbol");
            assertThat(r.artifacts().get("compiler")).contains("PriceModel.java:3: error: cannot find symbol")
                    .contains("undefinedRate");
        }
    }

    @Test
    void candidateWithoutTypeDoesNotCompile() throws Exception {
        assertThat(run(cold, "// nothing here").failureReason())
                .isEqualTo("does not compile: the candidate declares no top-level class, interface, enum or record");
    }

    @Test
    void candidateExceptionFailsNamingIt() throws Exception {
        EvaluationResult r = run(warm, """
                public class PriceModel {
                    public static double price(int q) { throw new IllegalStateException("no price for " + q); }
                }
                """);
        assertThat(r.failureReason())
                .isEqualTo("harness PriceHarness threw java.lang.IllegalStateException: no price for 10");
        assertThat(r.artifacts().get("stacktrace")).contains("PriceModel.price");
    }

    @Test
    void missingHarnessFailsNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("Nope.java");
        assertThatThrownBy(() -> JavaSourceEvaluator.builder().harness(missing).build())
                .isInstanceOf(OpenEvolveException.class)
                .hasMessageContaining("cannot read harness " + missing);
    }

    @Test
    void harnessWithoutEvaluateIsRejected(@TempDir Path dir) throws Exception {
        Path h = Files.writeString(dir.resolve("Bad.java"), "public class Bad { public static int score() { return 1; } }");
        assertThatThrownBy(() -> JavaSourceEvaluator.builder().harness(h).build())
                .isInstanceOf(OpenEvolveException.class)
                .hasMessage("java evaluator: harness " + h + " must declare 'public static java.util.Map<String, ?> "
                        + "evaluate()' in class Bad");
    }
}
