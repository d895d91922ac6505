package dev.openevolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openevolve.internal.llm.MutationModel;
import dev.openevolve.plugin.Providers;
import dev.openevolve.internal.prompt.PromptSampler;
import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenEvolveCheckpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Writes a program file as OpenEvolve's Program.to_dict has it. */
    private void program(String id, String parent, int generation, long iteration, double x, double score,
                         String description) throws IOException {
        var p = new LinkedHashMap<String, Object>();
        p.put("id", id);
        p.put("code", TuningProblem.PROGRAM.replace("x = 1.0", "x = " + x));
        p.put("changes_description", description);
        p.put("language", "python");
        p.put("parent_id", parent);
        p.put("generation", generation);
        p.put("timestamp", 1764700000.5 + iteration);
        p.put("iteration_found", iteration);
        p.put("metrics", Map.of("combined_score", score, "distance", 1 / score - 1, "note", "text is skipped"));
        p.put("metadata", Map.of("changes", "x to " + x, "island", 0));
        p.put("artifacts_json", JSON.writeValueAsString(Map.of("summary", "x=" + x)));
        Files.createDirectories(dir.resolve("programs"));
        Files.writeString(dir.resolve("programs/" + id + ".json"), JSON.writeValueAsString(p));
    }

    private void checkpoint() throws IOException {
        program("root-uuid", null, 0, 0, 1.0, 0.09, "");
        program("a-uuid", "root-uuid", 1, 3, 2.5, 0.3, "- x raised");
        program("b-uuid", "a-uuid", 2, 7, 3.5, 0.7, "- x raised\n- x raised again");
        program("p4", "root-uuid", 1, 4, 1.5, 0.12, "");   // an id in this library's own form
        program("c-uuid", "root-uuid", 1, 5, 0.5, 0.08, "");   // in no island
        var meta = new HashMap<String, Object>();
        meta.put("islands", List.of(List.of("root-uuid", "a-uuid", "b-uuid"), List.of("p4")));
        meta.put("archive", List.of("b-uuid"));
        meta.put("best_program_id", "b-uuid");
        meta.put("last_iteration", 8);
        meta.put("island_generations", List.of(5, 3));
        meta.put("last_migration_generation", 2);
        Files.writeString(dir.resolve("metadata.json"), JSON.writeValueAsString(meta));
    }

    @Test
    void bringsThePopulationOverAndTheRunContinuesAfterItsLastIteration() throws IOException {
        checkpoint();
        var checkpoint = OpenEvolveCheckpoint.read(dir);
        assertThat(checkpoint.lastIteration()).isEqualTo(8);
        assertThat(checkpoint.size()).isEqualTo(5);
        var config = TuningProblem.config(11, 100);
        try (Store store = Providers.store("memory").open(Settings.empty())) {
            var imported = checkpoint.importInto(store.programs(), "oe", config);

            assertThat(imported.programs()).isEqualTo(5);
            assertThat(imported.population()).isEqualTo(4);
            assertThat(imported.initial().id()).isEqualTo("p0");
            assertThat(imported.checkpoint().iteration()).isEqualTo(8);
            Program a = store.programs().find("oe", "a-uuid").orElseThrow();
            assertThat(a.parentId()).isEqualTo("p0");
            assertThat(a.metrics()).containsOnlyKeys("combined_score", "distance");
            assertThat(a.artifacts()).containsEntry("summary", "x=2.5")
                    .containsEntry(PromptSampler.CHANGES_DESCRIPTION, "- x raised");
            assertThat(a.changes()).isEqualTo("x to 2.5");
            assertThat(store.programs().find("oe", "oe-p4")).get().extracting(Program::island).isEqualTo(1);

            var problem = new TuningProblem();
            try (var controller = Controller.builder().config(config).runId("oe")
                    .initialProgram(checkpoint.initialCode()).evaluator(problem)
                    .languageModel(MutationModel.defaults()).store(store).build()) {
                var result = controller.run();
                assertThat(result.iterations()).isEqualTo(11);
                assertThat(result.initial().id()).isEqualTo("p0");
                assertThat(result.best().fitness()).isGreaterThanOrEqualTo(0.7);
            }
            assertThat(problem.evaluatedIds).containsExactlyInAnyOrder("p9", "p10", "p11");
            var parents = store.programs().list("oe").stream().filter(p -> ProgramIds.iterationOf(p.id()) > 8)
                    .map(Program::parentId).toList();
            assertThat(parents).hasSize(3).allSatisfy(id -> assertThat(id).isIn("p0", "a-uuid", "b-uuid", "oe-p4",
                    "p9", "p10"));
        }
    }

    @Test
    void refusesAStoredRunAndNamesABrokenFile() throws IOException {
        checkpoint();
        try (Store store = Providers.store("memory").open(Settings.empty())) {
            OpenEvolveCheckpoint.read(dir).importInto(store.programs(), "oe", TuningProblem.config(9, 100));
            assertThatThrownBy(() -> OpenEvolveCheckpoint.read(dir).importInto(store.programs(), "oe",
                    TuningProblem.config(9, 100))).isInstanceOf(OpenEvolveException.class)
                    .hasMessageContaining("already holds run 'oe'");
        }
        Files.writeString(dir.resolve("programs/a-uuid.json"), "{\"id\": \"a-uuid\"}");
        assertThatThrownBy(() -> OpenEvolveCheckpoint.read(dir)).isInstanceOf(OpenEvolveException.class)
                .hasMessageContaining("a-uuid.json").hasMessageContaining("needs an 'id' and a 'code'");
        assertThatThrownBy(() -> OpenEvolveCheckpoint.read(dir.resolve("programs")))
                .isInstanceOf(OpenEvolveException.class).hasMessageContaining("is not an OpenEvolve checkpoint folder");
    }
}
