package dev.openevolve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.TokenUsage;
import java.util.List;

/**
 * The engine's state in a checkpoint besides the programs: the program database's snapshot, the run's
 * counters and the iterations already planned but not yet committed (a resumed run evaluates exactly
 * those plans again, so it goes on as the uninterrupted run did). Serialized as JSON inside
 * {@link dev.openevolve.spi.RunCheckpoint#state()}.
 */
record RunState(long iteration, String database, long promptTokens, long completionTokens, double costUsd,
                long lastImprovement, int consecutiveModelFailures, List<List<String>> pendingProblems,
                List<Plan> inFlight) {

    private static final ObjectMapper JSON = new ObjectMapper();

    RunState {
        pendingProblems = pendingProblems.stream().map(List::copyOf).toList();
        inFlight = inFlight == null ? List.of() : List.copyOf(inFlight);   // absent from older checkpoints
    }

    /** A planned iteration as stored: the parent by id, the prompt in full. */
    record Plan(long iteration, int island, String parentId, String system, String user, String currentProgram,
                long seed) {
    }

    TokenUsage tokens() {
        return new TokenUsage(promptTokens, completionTokens);
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new OpenEvolveException("cannot serialize the run state: " + e.getOriginalMessage(), e);
        }
    }

    static RunState fromJson(String runId, String json) {
        try {
            return JSON.readValue(json, RunState.class);
        } catch (JsonProcessingException e) {
            throw new OpenEvolveException("the checkpoint of run '" + runId + "' is not a valid run state: "
                    + e.getOriginalMessage(), e);
        }
    }
}
