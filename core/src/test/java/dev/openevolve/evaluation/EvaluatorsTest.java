package dev.openevolve.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.internal.evaluation.CommandEvaluatorProvider;
import dev.openevolve.internal.evaluation.JavaEvaluatorProvider;
import dev.openevolve.internal.evaluation.PythonEvaluatorProvider;
import dev.openevolve.config.EvaluationConfig;
import dev.openevolve.spi.Candidate;
import dev.openevolve.spi.EvaluationRequest;
import dev.openevolve.spi.Evaluator;
import dev.openevolve.spi.EvaluatorProvider;
import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorsTest {
    private static final EvaluationConfig CONFIG = EvaluationConfig.defaults();

    @Test
    void javaFileGivesTheJavaSourceEvaluator() {
        try (Evaluator e = Evaluators.forFile(JavaSourceEvaluatorTest.RESOURCES.resolve("PriceHarness.java"), CONFIG)) {
            assertThat(e).isInstanceOf(JavaSourceEvaluator.class);
        }
    }

    @Test
    void pythonFileGivesTheOpenEvolveEvaluatorWithCascadeFromConfig() {
        Evaluator e = Evaluators.forFile(OpenEvolvePythonEvaluatorTest.EVALUATOR, CONFIG);
        assertThat(e).isInstanceOf(OpenEvolvePythonEvaluator.class);
        assertThat(e.stages()).isEqualTo(2);
    }

    @Test
    void executableGivesTheCommandEvaluator(@TempDir Path dir) throws Exception {
        Path s = Files.writeString(dir.resolve("score"), "#!/bin/sh\necho '{\"combined_score\": 1}'\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        Evaluator e = Evaluators.forFile(s, CONFIG);
        assertThat(e).isInstanceOf(CommandEvaluator.class);
        assertThat(e.evaluate(new EvaluationRequest(new Candidate("c", "x", "text"), 1, Duration.ofSeconds(10)))
                .metric("combined_score")).hasValue(1.0);
    }

    @Test
    void otherFilesAreRejectedNamingTheFile(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> Evaluators.forFile(f, CONFIG)).isInstanceOf(OpenEvolveException.class)
                .hasMessage("evaluator file " + f + " is neither a Java harness (.java), an OpenEvolve Python "
                        + "evaluator (.py) nor an executable command");
        Path missing = dir.resolve("missing.py");
        assertThatThrownBy(() -> Evaluators.forFile(missing, CONFIG)).isInstanceOf(OpenEvolveException.class)
                .hasMessage("evaluator file " + missing + " does not exist or is not a file");
    }

    @Test
    void serviceLoaderFindsTheThreeProvidersById() {
        Map<String, EvaluatorProvider> byId = new TreeMap<>();
        ServiceLoader.load(EvaluatorProvider.class).forEach(p -> byId.put(p.id(), p));
        assertThat(byId).containsKeys("command", "java", "python");
        try (Evaluator java = byId.get("java").create(Settings.of(Map.of("harness",
                JavaSourceEvaluatorTest.RESOURCES.resolve("PriceHarness.java").toString(), "warm_workers", "0")))) {
            assertThat(java).isInstanceOf(JavaSourceEvaluator.class);
        }
        assertThat(byId.get("python").create(Settings.of(Map.of("evaluator",
                OpenEvolvePythonEvaluatorTest.EVALUATOR.toString(), "cascade", "false"))).stages()).isEqualTo(1);
        assertThat(byId.get("command").create(Settings.of(Map.of("command", "/bin/sh", "args", "-c true", "stages", "2")))
                .stages()).isEqualTo(2);
    }

    @Test
    void providersNameAMissingSetting() {
        assertThatThrownBy(() -> new JavaEvaluatorProvider().create(Settings.empty()))
                .hasMessage("setting 'harness' is required but was absent");
        assertThatThrownBy(() -> new CommandEvaluatorProvider().create(Settings.empty()))
                .hasMessage("setting 'command' is required but was absent");
        assertThatThrownBy(() -> new PythonEvaluatorProvider().create(Settings.empty()))
                .hasMessage("setting 'evaluator' is required but was absent");
    }
}
