package dev.openevolve.examples;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.openevolve.OpenEvolveCheckpoint;
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
import java.util.Optional;

/**
 * Checkpoint folders ({@code checkpoints/checkpoint_N}) in two layouts side by side: ours (the engine's
 * checkpoint in {@code checkpoint.json} and every program in {@code programs.jsonl}, enough to resume) and
 * OpenEvolve's ({@code metadata.json}, {@code programs/<id>.json}, {@code best_program<ext>} and
 * {@code best_program_info.json}), so OpenEvolve's tools such as its visualizer open our runs. A folder is written
 * to a temporary sibling and moved into place, so a crash never leaves a half-written checkpoint.
 */
final class CheckpointDirectory {
    private static final String CHECKPOINT = "checkpoint.json";
    private static final String PROGRAMS = "programs.jsonl";
    private static final String OPENEVOLVE_METADATA = "metadata.json";
    private static final String OPENEVOLVE_PROGRAMS = "programs";

    private CheckpointDirectory() {
    }

    static Path write(Path checkpointsRoot, RunCheckpoint checkpoint, List<Program> programs, Program best,
                      String extension) throws IOException {
        Path target = checkpointsRoot.resolve("checkpoint_" + checkpoint.iteration());
        Path temp = checkpointsRoot.resolve(".checkpoint_" + checkpoint.iteration() + ".tmp");
        CliFiles.deleteTree(temp);
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
        writeOpenEvolveLayout(temp, checkpoint, programs, best);
        Files.writeString(temp.resolve("best_program" + extension), best.code());
        Files.writeString(temp.resolve("best_program_info.json"),
                ProgramJson.JSON.writeValueAsString(ProgramJson.toOpenEvolve(best)));
        CliFiles.deleteTree(target);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** OpenEvolve's database layout: one JSON file per program and the database metadata. */
    private static void writeOpenEvolveLayout(Path dir, RunCheckpoint checkpoint, List<Program> programs,
                                              Program best) throws IOException {
        Path programsDir = Files.createDirectories(dir.resolve(OPENEVOLVE_PROGRAMS));
        var islands = new ArrayList<List<String>>();
        for (Program p : programs) {
            Files.writeString(programsDir.resolve(p.id() + ".json"),
                    ProgramJson.COMPACT.writeValueAsString(ProgramJson.toOpenEvolve(p)));
            if (!p.artifacts().containsKey("failure")) {
                while (islands.size() <= p.island()) {
                    islands.add(new ArrayList<>());
                }
                islands.get(p.island()).add(p.id());
            }
        }
        var metadata = new LinkedHashMap<String, Object>();
        metadata.put("islands", islands);
        metadata.put("best_program_id", best.id());
        metadata.put("last_iteration", checkpoint.iteration());
        metadata.put("island_best_programs", islands.stream().map(ids -> programs.stream()
                .filter(p -> ids.contains(p.id())).max(java.util.Comparator.comparingDouble(Program::fitness))
                .map(Program::id).orElse(null)).toList());
        metadata.put("written_by", "OpenEvolve for Java; resume from checkpoint.json");
        Files.writeString(dir.resolve(OPENEVOLVE_METADATA), ProgramJson.COMPACT.writeValueAsString(metadata));
    }

    /**
     * Loads one of our checkpoint folders into {@code store}, so that the run resumes from it. When the store already
     * holds the run past the checkpoint (resuming from an earlier checkpoint into the same output, as OpenEvolve
     * allows), the checkpoint becomes a new run {@code <run>-from<iteration>} beside it, so nothing is overwritten.
     *
     * @return the checkpoint as loaded, under the run id that resumes it
     * @throws OpenEvolveException when the folder is not a checkpoint, or the store holds that new run past it too
     */
    static RunCheckpoint importInto(Path dir, ProgramStore store) {
        Path metaFile = dir.resolve(CHECKPOINT);
        Path programsFile = dir.resolve(PROGRAMS);
        if (!Files.isRegularFile(metaFile) || !Files.isRegularFile(programsFile)) {
            throw new OpenEvolveException("'" + dir + "' is not a checkpoint folder: it needs " + CHECKPOINT
                    + " and " + PROGRAMS + (isOpenEvolve(dir) ? " (it is an OpenEvolve checkpoint)" : ""));
        }
        try {
            Map<String, Object> meta = ProgramJson.JSON.readValue(metaFile.toFile(), new TypeReference<>() { });
            String runId = (String) meta.get("run_id");
            long iteration = ((Number) meta.get("iteration")).longValue();
            if (storedPast(store, runId, iteration)) {
                String stem = runId.substring(0, Math.min(runId.length(), 40));
                String branch = stem + "-from" + iteration;
                if (storedPast(store, branch, iteration)) {
                    throw new OpenEvolveException("the store already holds runs '" + runId + "' and '" + branch
                            + "' past checkpoint " + dir + " (iteration " + iteration + "); resume it into another "
                            + "--output folder or database");
                }
                runId = branch;
            }
            var checkpoint = new RunCheckpoint(runId, iteration, (String) meta.get("state"),
                    Instant.parse((String) meta.get("saved_at")));
            int lineNo = 0;
            for (String line : Files.readAllLines(programsFile, StandardCharsets.UTF_8)) {
                lineNo++;
                if (!line.isBlank()) {
                    store.save(runId, ProgramJson.parse(line, programsFile + " line " + lineNo));
                }
            }
            store.saveCheckpoint(checkpoint);
            return checkpoint;
        } catch (IOException | ClassCastException | NullPointerException e) {
            throw new OpenEvolveException("cannot read checkpoint folder '" + dir + "': " + e.getMessage(), e);
        }
    }

    private static boolean storedPast(ProgramStore store, String runId, long iteration) {
        Optional<RunCheckpoint> stored = store.latestCheckpoint(runId);
        return stored.isPresent() && stored.get().iteration() > iteration;
    }

    /** Whether {@code dir} is in OpenEvolve's layout and not ours. */
    static boolean isOpenEvolve(Path dir) {
        return OpenEvolveCheckpoint.isCheckpoint(dir) && !Files.isRegularFile(dir.resolve(CHECKPOINT));
    }
}
