package dev.openevolve.config;

import java.util.Objects;

/**
 * The whole configuration tree. Immutable and thread safe; {@link #toString()} masks secrets.
 *
 * @param engine      run-level settings
 * @param llm         the model ensemble and its budget
 * @param programs    the program database
 * @param prompt      prompt building
 * @param evaluation  candidate evaluation
 * @param database    storage backend
 * @param performance metrics sampling
 */
public record OpenEvolveConfig(EngineConfig engine, LlmConfig llm, ProgramsConfig programs, PromptConfig prompt,
                               EvaluationConfig evaluation, StorageConfig database, PerformanceConfig performance) {
    public OpenEvolveConfig {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(llm, "llm");
        Objects.requireNonNull(programs, "programs");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(performance, "performance");
    }

    /** Every section at its default. */
    public static OpenEvolveConfig defaults() {
        return new OpenEvolveConfig(EngineConfig.defaults(), LlmConfig.defaults(), ProgramsConfig.defaults(),
                PromptConfig.defaults(), EvaluationConfig.defaults(), StorageConfig.defaults(),
                PerformanceConfig.defaults());
    }
}
