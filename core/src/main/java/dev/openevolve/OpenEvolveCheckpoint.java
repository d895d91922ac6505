package dev.openevolve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.internal.database.ProgramDatabase;
import dev.openevolve.internal.prompt.PromptSampler;
import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.ProgramStore;
import dev.openevolve.spi.RunCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A checkpoint folder written by Python OpenEvolve ({@code metadata.json} and {@code programs/<id>.json}), brought
 * into a store as a run that resumes from it: every program with its metrics, artifacts, lineage and changes
 * description; the islands as {@code metadata.json} lists them; the island generations, the last migration and the
 * last iteration, so that the run continues with iteration {@code last_iteration + 1} as OpenEvolve's resume does.
 *
 * <p>Differences from OpenEvolve's own resume, by design: the MAP-Elites cells and the elite archive are derived again
 * by this library's rules (cells from the configured feature dimensions, the archive as the {@code archive_size} best)
 * as the programs are added island by island in the order they were found; island {@code i} of the checkpoint
 * becomes island {@code i % num_islands}; programs OpenEvolve kept in no island are stored for their lineage but take
 * no part in sampling. The initial program (the oldest one without a parent) gets the id {@code p0}, as this library's
 * runs have it; the other ids are kept.
 *
 * <p>Immutable and thread safe.
 */
public final class OpenEvolveCheckpoint {
    /**
     * The artifact holding a program's description in changes-description mode; OpenEvolve's checkpoints keep it in
     * the program's {@code changes_description} field.
     */
    public static final String CHANGES_DESCRIPTION = PromptSampler.CHANGES_DESCRIPTION;

    private static final String METADATA = "metadata.json";
    private static final String PROGRAMS = "programs";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OUR_ID = Pattern.compile("p\\d+");

    private final Path dir;
    private final long lastIteration;
    private final List<Raw> programs;
    private final List<List<String>> islands;
    private final List<Long> islandGenerations;
    private final long lastMigrationGeneration;
    private final Raw initial;

    /** One program as the checkpoint holds it; {@code island} is -1 when it belongs to no island. */
    private record Raw(String id, String code, String language, String parentId, int generation, long iteration,
                       int island, Map<String, Double> metrics, Map<String, String> artifacts, String changes,
                       Instant createdAt) {
    }

    /**
     * The result of {@link #importInto}.
     *
     * @param checkpoint the engine checkpoint stored, from which the run resumes
     * @param initial    the run's initial program ({@code p0}); a controller resuming the run must be given its code
     * @param programs   programs stored
     * @param population programs placed in the program database
     * @param skipped    programs stored but not placed, each with the reason
     */
    public record Imported(RunCheckpoint checkpoint, Program initial, int programs, int population,
                           List<String> skipped) {
        public Imported {
            Objects.requireNonNull(checkpoint, "checkpoint");
            Objects.requireNonNull(initial, "initial");
            skipped = List.copyOf(skipped);
        }
    }

    private OpenEvolveCheckpoint(Path dir, long lastIteration, List<Raw> programs, List<List<String>> islands,
                                 List<Long> islandGenerations, long lastMigrationGeneration) {
        this.dir = dir;
        this.lastIteration = lastIteration;
        this.programs = List.copyOf(programs);
        this.islands = islands.stream().map(List::copyOf).toList();
        this.islandGenerations = List.copyOf(islandGenerations);
        this.lastMigrationGeneration = lastMigrationGeneration;
        this.initial = programs.stream()
                .min(Comparator.comparing((Raw r) -> r.parentId() != null).thenComparingLong(Raw::iteration)
                        .thenComparingInt(Raw::generation).thenComparing(Raw::id))
                .orElseThrow();
    }

    /** Whether {@code dir} is in OpenEvolve's checkpoint layout: it has {@code metadata.json} and {@code programs/}. */
    public static boolean isCheckpoint(Path dir) {
        Objects.requireNonNull(dir, "dir");
        return Files.isRegularFile(dir.resolve(METADATA)) && Files.isDirectory(dir.resolve(PROGRAMS));
    }

    /**
     * Reads the checkpoint folder {@code dir}.
     *
     * @throws OpenEvolveException naming the file when the folder is not an OpenEvolve checkpoint, a file is not
     *                             valid JSON or a program lacks its id or code
     */
    public static OpenEvolveCheckpoint read(Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (!isCheckpoint(dir)) {
            throw new OpenEvolveException("'" + dir + "' is not an OpenEvolve checkpoint folder: it needs " + METADATA
                    + " and a " + PROGRAMS + "/ folder");
        }
        JsonNode meta = json(dir.resolve(METADATA));
        var islands = new ArrayList<List<String>>();
        var islandOf = new HashMap<String, Integer>();
        JsonNode islandList = meta.path("islands");
        for (int i = 0; i < islandList.size(); i++) {
            var ids = new ArrayList<String>();
            for (JsonNode id : islandList.get(i)) {
                ids.add(id.asText());
                islandOf.putIfAbsent(id.asText(), i);
            }
            islands.add(ids);
        }
        var generations = new ArrayList<Long>();
        meta.path("island_generations").forEach(g -> generations.add(Math.max(0, g.asLong())));
        var programs = new ArrayList<Raw>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir.resolve(PROGRAMS))) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new OpenEvolveException("cannot list '" + dir.resolve(PROGRAMS) + "': " + e.getMessage(), e);
        }
        for (Path file : files) {
            programs.add(program(file, json(file), islandList.isMissingNode() ? null : islandOf));
        }
        if (programs.isEmpty()) {
            throw new OpenEvolveException("OpenEvolve checkpoint '" + dir + "' holds no program under " + PROGRAMS
                    + "/");
        }
        long last = meta.path("last_iteration").asLong(programs.stream().mapToLong(Raw::iteration).max().orElse(0));
        return new OpenEvolveCheckpoint(dir, last, programs, islands, generations,
                Math.max(0, meta.path("last_migration_generation").asLong(0)));
    }

    /** The folder read. */
    public Path folder() {
        return dir;
    }

    /** The last iteration the checkpoint completed ({@code metadata.json}'s {@code last_iteration}). */
    public long lastIteration() {
        return lastIteration;
    }

    /** The number of programs in the folder. */
    public int size() {
        return programs.size();
    }

    /** The code of the run's initial program, the oldest program without a parent; a resuming controller needs it. */
    public String initialCode() {
        return initial.code();
    }

    /**
     * Stores every program and an engine checkpoint at {@link #lastIteration()} under {@code runId}, so that a
     * {@link Controller} built with that run id, {@link #initialCode()} and {@code config} resumes the population.
     *
     * @throws OpenEvolveException when the store already holds run {@code runId}
     */
    public Imported importInto(ProgramStore store, String runId, OpenEvolveConfig config) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(config, "config");
        if (store.latestCheckpoint(runId).isPresent()) {
            throw new OpenEvolveException("the store already holds run '" + runId + "'; import OpenEvolve checkpoint '"
                    + dir + "' under another run id");
        }
        int numIslands = config.programs().numIslands();
        var ids = new HashMap<String, String>();
        for (Raw r : programs) {
            ids.put(r.id(), r == initial ? ProgramIds.forIteration(0) : OUR_ID.matcher(r.id()).matches()
                    ? "oe-" + r.id() : r.id());
        }
        var converted = new ArrayList<Program>();
        var members = new ArrayList<Program>();
        for (Raw r : programs) {
            String parent = r.parentId() == null ? null : ids.getOrDefault(r.parentId(), r.parentId());
            String language = r.language() == null ? config.engine().language() : r.language();
            var p = new Program(ids.get(r.id()), r.code(), language, parent, r.generation(),
                    r.iteration(), Math.max(0, r.island()) % numIslands, r.metrics(), r.artifacts(), r.changes(),
                    r.createdAt());
            converted.add(p);
            if (r.island() >= 0) {
                members.add(p);
            }
        }
        members.sort(Comparator.comparingLong(Program::iteration).thenComparing(Program::id));
        var database = new ProgramDatabase(config.programs());
        var skipped = new ArrayList<String>();
        for (Program p : members) {
            if (FailedEvaluations.failed(p)) {
                skipped.add(p.id() + ": it has no usable metrics");
                continue;
            }
            try {
                database.add(p);
            } catch (IllegalArgumentException e) {
                skipped.add(p.id() + ": " + e.getMessage());
            }
        }
        if (database.size() == 0) {
            throw new OpenEvolveException("OpenEvolve checkpoint '" + dir + "' has no program with usable metrics in"
                    + " its islands" + (skipped.isEmpty() ? "" : ": " + String.join("; ", skipped)));
        }
        var generations = new ArrayList<Long>();
        for (int i = 0; i < numIslands; i++) {
            long g = 0;
            for (int j = i; j < islandGenerations.size(); j += numIslands) {
                g = Math.max(g, islandGenerations.get(j));
            }
            generations.add(g);
        }
        database.restoreGenerations(generations, lastMigrationGeneration);
        converted.forEach(p -> store.save(runId, p));
        Program best = database.best().orElseThrow();
        var problems = new ArrayList<List<String>>();
        for (int i = 0; i < numIslands; i++) {
            problems.add(List.of());
        }
        var state = new RunState(lastIteration, database.snapshot(), 0, 0, 0, Math.min(best.iteration(),
                lastIteration), 0, problems, List.of());
        Instant savedAt = converted.stream().map(Program::createdAt).max(Comparator.naturalOrder()).orElseThrow();
        var checkpoint = new RunCheckpoint(runId, lastIteration, state.toJson(), savedAt);
        store.saveCheckpoint(checkpoint);
        Program first = converted.stream().filter(p -> p.id().equals(ProgramIds.forIteration(0))).findFirst()
                .orElseThrow();
        return new Imported(checkpoint, first, converted.size(), database.size(), skipped);
    }

    private static Raw program(Path file, JsonNode p, Map<String, Integer> islandOf) {
        if (!p.isObject() || !p.path("id").isTextual() || !p.path("code").isTextual()) {
            throw new OpenEvolveException("OpenEvolve program file '" + file + "' needs an 'id' and a 'code' text");
        }
        String id = p.get("id").asText();
        int island = islandOf != null ? islandOf.getOrDefault(id, -1)
                : p.path("metadata").path("island").asInt(0);
        var metrics = new TreeMap<String, Double>();
        p.path("metrics").properties().forEach(e -> {
            if (e.getValue().isNumber() && Double.isFinite(e.getValue().doubleValue())) {
                metrics.put(e.getKey(), e.getValue().doubleValue());
            }
        });
        var artifacts = new LinkedHashMap<String, String>();
        JsonNode stored = p.path("artifacts_json");
        if (stored.isTextual() && !stored.asText().isBlank()) {
            try {
                JSON.readTree(stored.asText()).properties().forEach(e -> artifacts.put(e.getKey(),
                        e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
            } catch (JsonProcessingException e) {
                artifacts.put("artifacts_json", stored.asText());
            }
        }
        String description = p.path("changes_description").asText("");
        if (!description.isBlank()) {
            artifacts.put(PromptSampler.CHANGES_DESCRIPTION, description);
        }
        String parent = p.path("parent_id").isTextual() ? p.get("parent_id").asText() : null;
        double timestamp = p.path("timestamp").asDouble(0);
        return new Raw(id, p.get("code").asText(), p.path("language").isTextual() ? p.get("language").asText()
                : null, parent, Math.max(0, p.path("generation").asInt(0)), Math.max(0, p.path("iteration_found")
                .asLong(0)), island, metrics, artifacts, p.path("metadata").path("changes").asText(""),
                Instant.ofEpochMilli(Math.round(timestamp * 1000)));
    }

    private static JsonNode json(Path file) {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new OpenEvolveException("'" + file + "' must hold a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new OpenEvolveException("cannot read '" + file + "': " + e.getMessage(), e);
        }
    }
}
