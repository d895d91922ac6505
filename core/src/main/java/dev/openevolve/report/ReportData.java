package dev.openevolve.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openevolve.spi.PerformancePattern;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.RunCheckpoint;
import dev.openevolve.spi.Store;
import dev.openevolve.spi.Suggestion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the report shows, read once from a store: the run's programs, the last checkpoint's counters and
 * program-database grid, and the store's patterns and suggestions. Immutable after construction.
 */
final class ReportData {
    static final String FAILURE = "failure";
    static final int TOP = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One evaluated candidate of one iteration. */
    record Point(long iteration, double fitness, boolean failed) {
    }

    /** The occupied cells of one island's MAP-Elites grid, projected on its first two feature dimensions. */
    record Grid(int island, String xName, String yName, int xBins, int yBins, Map<List<Integer>, Double> cells) {
    }

    final String runId;
    final List<Program> programs;
    final Optional<Program> initial;
    final Optional<Program> best;
    final List<Point> points;
    final List<Program> lineage;
    final Map<String, Long> failures;
    final long promptTokens;
    final long completionTokens;
    final double costUsd;
    final long checkpointIteration;
    final List<Grid> grids;
    final List<PerformancePattern> patterns;
    final List<Suggestion> suggestions;

    ReportData(Store store, String runId) {
        this.runId = runId;
        this.programs = store.programs().list(runId);
        this.initial = programs.stream().filter(p -> p.iteration() == 0 && p.parentId() == null).findFirst();
        this.best = programs.stream().filter(p -> !failed(p)).max(Comparator.comparingDouble(Program::fitness)
                .thenComparing(Comparator.comparingLong(Program::iteration).reversed()));
        this.points = points(programs);
        this.lineage = lineage(programs, best);
        this.failures = failures(programs);
        Optional<RunCheckpoint> checkpoint = store.programs().latestCheckpoint(runId);
        JsonNode state = checkpoint.map(c -> parse(c.state())).orElse(JSON.createObjectNode());
        this.promptTokens = state.path("promptTokens").asLong(0);
        this.completionTokens = state.path("completionTokens").asLong(0);
        this.costUsd = state.path("costUsd").asDouble(0);
        this.checkpointIteration = checkpoint.map(RunCheckpoint::iteration).orElse(-1L);
        this.grids = grids(parse(state.path("database").asText("{}")), programs);
        this.patterns = store.patterns().list().stream().limit(TOP).toList();
        this.suggestions = store.suggestions().list().stream().limit(TOP).toList();
    }

    static boolean failed(Program p) {
        return p.artifacts().containsKey(FAILURE);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** One point per evaluated candidate; copies that migration made (same iteration and code) count once. */
    private static List<Point> points(List<Program> programs) {
        Set<String> seen = new HashSet<>();
        var result = new ArrayList<Point>();
        for (Program p : programs) {
            if (seen.add(p.iteration() + "\u0000" + p.code())) {
                result.add(new Point(p.iteration(), failed(p) ? Double.NaN : p.fitness(), failed(p)));
            }
        }
        return result;
    }

    /** The best program, its parent, and so on up to the initial program (best first). */
    private static List<Program> lineage(List<Program> programs, Optional<Program> best) {
        Map<String, Program> byId = new HashMap<>();
        programs.forEach(p -> byId.put(p.id(), p));
        var chain = new ArrayList<Program>();
        Set<String> visited = new HashSet<>();
        Program current = best.orElse(null);
        while (current != null && visited.add(current.id())) {
            chain.add(current);
            current = current.parent().map(byId::get).orElse(null);
        }
        return chain;
    }

    /** Failed candidates by reason (its first line, shortened), most frequent first. */
    private static Map<String, Long> failures(List<Program> programs) {
        var counts = new HashMap<String, Long>();
        for (Program p : programs) {
            if (failed(p)) {
                String reason = p.artifacts().get(FAILURE).strip().lines().findFirst().orElse("(no reason)");
                reason = reason.length() > 100 ? reason.substring(0, 100) + "…" : reason;
                counts.merge(reason, 1L, Long::sum);
            }
        }
        var ordered = new LinkedHashMap<String, Long>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }

    /** Each island's grid: the best fitness of the programs owning a cell, folded onto the first two dimensions. */
    private static List<Grid> grids(JsonNode db, List<Program> programs) {
        JsonNode islands = db.path("islands");
        JsonNode dims = db.path("featureDimensions");
        JsonNode bins = db.path("featureBins");
        if (!islands.isArray() || !dims.isArray() || dims.isEmpty()) {
            return List.of();
        }
        Map<String, Double> fitness = new HashMap<>();
        programs.stream().filter(p -> !failed(p)).forEach(p -> fitness.put(p.id(), p.fitness()));
        String xName = dims.get(0).asText();
        int xBins = Math.max(1, bins.path(0).asInt(1));
        String yName = dims.size() > 1 ? dims.get(1).asText() : "";
        int yBins = dims.size() > 1 ? Math.max(1, bins.path(1).asInt(1)) : 1;
        var grids = new ArrayList<Grid>();
        for (int i = 0; i < islands.size(); i++) {
            var cells = new TreeMap<List<Integer>, Double>(Comparator.<List<Integer>>comparingInt(c -> c.get(1))
                    .thenComparingInt(c -> c.get(0)));
            for (JsonNode member : islands.get(i).path("members")) {
                Double f = fitness.get(member.path("id").asText());
                JsonNode cell = member.path("cell");
                if (f == null || !member.path("owner").asBoolean(false) || !cell.isArray() || cell.isEmpty()) {
                    continue;
                }
                int x = Math.min(xBins - 1, Math.max(0, cell.get(0).asInt()));
                int y = cell.size() > 1 ? Math.min(yBins - 1, Math.max(0, cell.get(1).asInt())) : 0;
                cells.merge(List.of(x, y), f, Math::max);
            }
            grids.add(new Grid(i, xName, yName, xBins, yBins, cells));
        }
        return grids;
    }
}
