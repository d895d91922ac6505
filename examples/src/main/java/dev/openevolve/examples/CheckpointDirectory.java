package dev.openevolve.examples;

import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.ProgramStore;
import dev.openevolve.spi.RunCheckpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenEvolve-style checkpoint directories ({@code checkpoints/checkpoint_N}): the engine's checkpoint
 * ({@code checkpoint.json}), every program of the run so far ({@code programs.jsonl}) and the best
 * program's source. A directory is written to a temporary sibling and moved into place, so a crash
 * never leaves a half-written checkpoint.
 */
final class CheckpointDirectory {
    private static final String CHECKPOINT = "checkpoint.json";
    private static final String PROGRAMS = "programs.jsonl";

    private CheckpointDirectory() {
    }

    static Path write(Path checkpointsRoot, RunCheckpoint checkpoint, List<Program> programs, Program best,
                      String extension) throws IOException {
        Path target = checkpointsRoot.resolve("checkpoint_" + checkpoint.iteration());
        Path temp = checkpointsRoot.resolve(".checkpoint_" + checkpoint.iteration() + ".tmp");
        Files.createDirectories(temp);
        var meta = new LinkedHashMap<String, Object>();
        meta.put("run_id", checkpoint.runId());
        meta.put("iteration", checkpoint.iteration());
        meta.put("saved_at", checkpoint.savedAt().toString());
        meta.put("best_program_id", best.id());
        meta.put("best_fitness", best.fitness());
        meta.put("state", checkpoint.state());
        Files.writeString(temp.resolve(CHECKPOINT), ProgramJson.JSON.writeValueAsString(meta));
        var lines = new ArrayList<String>();
        for (Program p : programs) {
            lines.add(ProgramJson.line(p));
        }
        Files.write(temp.resolve(PROGRAMS), lines, StandardCharsets.UTF_8);
        Files.writeString(temp.resolve("best_program" + extension), best.code());
        if (Files.exists(target)) {
            deleteTree(target);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Loads a checkpoint directory into {@code store}, so that the run resumes from it. Returns its run id. */
    static String importInto(Path dir, ProgramStore store) {
        Path metaFile = dir.resolve(CHECKPOINT);
        Path programsFile = dir.resolve(PROGRAMS);
        if (!Files.isRegularFile(metaFile) || !Files.isRegularFile(programsFile)) {
            throw new OpenEvolveException("'" + dir + "' is not a checkpoint directory: it needs " + CHECKPOINT
                    + " and " + PROGRAMS);
        }
        try {
            Map<String, Object> meta = ProgramJson.JSON.readValue(metaFile.toFile(),
                    new com.fasterxml.jackson.core.type.TypeReference<>() { });
            String runId = (String) meta.get("run_id");
            var checkpoint = new RunCheckpoint(runId, ((Number) meta.get("iteration")).longValue(),
                    (String) meta.get("state"), Instant.parse((String) meta.get("saved_at")));
            int lineNo = 0;
            for (String line : Files.readAllLines(programsFile, StandardCharsets.UTF_8)) {
                lineNo++;
                if (!line.isBlank()) {
                    store.save(runId, ProgramJson.parse(line, programsFile + " line " + lineNo));
                }
            }
            store.saveCheckpoint(checkpoint);
            return runId;
        } catch (IOException | ClassCastException | NullPointerException e) {
            throw new OpenEvolveException("cannot read checkpoint directory '" + dir + "': " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
