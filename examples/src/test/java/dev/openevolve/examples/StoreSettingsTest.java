package dev.openevolve.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.Controller;
import dev.openevolve.plugin.Stores;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.plugin.Providers;
import dev.openevolve.spi.EvaluationResult;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store gets only the settings the user gave it; what config creates, the provider reopens. */
class StoreSettingsTest {
    @TempDir
    Path dir;

    @Test
    void anH2FileCreatedThroughConfigReopensThroughTheProviderWithTheSameUrl() {
        String url = "jdbc:h2:file:" + dir.resolve("data").resolve("openevolve");
        var d = OpenEvolveConfig.defaults().database();
        var program = new Program("p0", "x = 1", "python", null, 0, 0, 0, Map.of("combined_score", 0.5), Map.of(), "",
                Instant.parse("2026-01-01T00:00:00Z"));
        try (var store = Stores.open(d.withProvider("jdbc").withUrl(url))) {
            store.programs().save("r", program);
        }
        try (var store = Providers.store("jdbc").open(Settings.of(Map.of("url", url)))) {
            assertThat(store.programs().list("r")).containsExactly(program);
        }
    }

    @Test
    void theCommandLineRunsWithADatabasePasswordInTheEnvironmentAndNoDatabaseConfigured() throws Exception {
        Path program = dir.resolve("program.py");
        Files.writeString(program, "# EVOLVE-BLOCK-START\nX = 1.5\n# EVOLVE-BLOCK-END\n");
        Path evaluator = dir.resolve("evaluator.py");
        Files.writeString(evaluator, """
                import importlib.util
                def evaluate(program_path):
                    spec = importlib.util.spec_from_file_location("p", program_path)
                    p = importlib.util.module_from_spec(spec)
                    spec.loader.exec_module(p)
                    return {"combined_score": 1.0 / (1.0 + abs(p.X - 3.0))}
                """);
        var result = CliRunner.run(Map.of("OPENEVOLVE_DB_PASSWORD", "pw-from-env"), "run", program.toString(),
                evaluator.toString(), "--iterations", "3", "--output", dir.resolve("out").toString());
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out() + result.err()).doesNotContain("pw-from-env").doesNotContain("does not know");
    }

    @Test
    void aBadPromptTemplateFailsTheBuildAndLeavesNoConnectionPoolOpen() throws Exception {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("no_such_template.txt"), "{nothing}");
        var d = OpenEvolveConfig.defaults();
        var config = d.toBuilder().prompt(d.prompt().withTemplateDir(templates))
                .database(d.database().withProvider("jdbc").withUrl("jdbc:h2:mem:leak-" + System.nanoTime()))
                .build();
        long poolsBefore = poolThreads();
        assertThatThrownBy(() -> Controller.builder().config(config).initialProgram("x = 1")
                .evaluator(request -> EvaluationResult.success(Map.of("combined_score", 1.0))).build())
                .hasMessageContaining("no_such_template.txt");
        assertThat(poolThreads()).isEqualTo(poolsBefore);
    }

    /** Threads of open jdbc store pools (HikariCP names them after the pool). */
    private static long poolThreads() throws InterruptedException {
        Thread.sleep(200);   // HikariCP starts its helper threads asynchronously
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("openevolve-jdbc-store")).count();
    }

    @Test
    void theCommandLineSaysWhenAnIterationProducedNoCandidate() throws Exception {
        Path program = dir.resolve("program.py");   // nothing for the offline model to change: no number to perturb
        Files.writeString(program, "# EVOLVE-BLOCK-START\nNAME = 'fixed'\n# EVOLVE-BLOCK-END\n");
        Path evaluator = dir.resolve("evaluator.py");
        Files.writeString(evaluator, "def evaluate(program_path):\n    return {'combined_score': 0.5}\n");
        var result = CliRunner.run(Map.of(), "run", program.toString(), evaluator.toString(), "--iterations", "3",
                "--output", dir.resolve("out").toString());
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);   // no candidate at all: a failed run
        assertThat(result.err()).contains("the model produced no candidate in 3 iterations; last reason: ");
        assertThat(result.out()).containsPattern("iteration +1/\\d+ .*no candidate .*last: \\S")
                .containsPattern("iteration +2/\\d+ .*no candidate .*last: \\S")
                .containsPattern("iteration +3/\\d+ .*no candidate .*last: \\S");
    }
}
