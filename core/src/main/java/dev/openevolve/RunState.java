package dev.openevolve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.TokenUsage;
import java.util.List;

/**
 * The engine's state in a checkpoint besides the programs: the program database's snapshot and the
 * run's counters. Serialized as JSON inside {@link dev.openevolve.spi.RunCheckpoint#state()}.
 */
record RunState(long iteration, String database, long promptTokens, long completionTokens, double costUsd,
                long lastImprovement, int consecutiveModelFailures, List<List<String>> pendingProblems) {

    private static final ObjectMapper JSON = new ObjectMapper();

    RunState {
        pendingProblems = pendingProblems.stream().map(List::copyOf).toList();
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
