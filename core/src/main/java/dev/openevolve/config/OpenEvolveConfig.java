package dev.openevolve.config;

import java.util.List;
import java.util.Objects;

/**
 * The whole configuration tree. Immutable and thread safe; {@link #toString()} masks secrets (API keys,
 * passwords) at every level.
 *
 * <p>Load one with {@link ConfigLoader} (YAML, OpenEvolve's {@code config.yaml}, environment), or build one
 * in code with {@link #builder()}; both check every rule and report every problem at once. The canonical
 * constructor checks nothing but nulls: call {@link #validate()} on a tree made that way.
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

    /**
     * Checks every rule of every section and the rules that relate values (for example
     * {@code exploration_ratio + exploitation_ratio <= 1}).
     *
     * @return every problem found, keys in the native YAML form ({@code llm.temperature}); empty when valid
     */
    public List<ConfigProblem> validate() {
        return ConfigValidator.validate(this);
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder starting from this tree. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Assembles a tree from sections (made with their {@code defaults()} and {@code with…} methods) and
     * validates the whole in {@link #build()}. Not thread safe; use one builder per thread.
     */
    public static final class Builder {
        private EngineConfig engine;
        private LlmConfig llm;
        private ProgramsConfig programs;
        private PromptConfig prompt;
        private EvaluationConfig evaluation;
        private StorageConfig database;
        private PerformanceConfig performance;

        private Builder(OpenEvolveConfig from) {
            engine = from.engine;
            llm = from.llm;
            programs = from.programs;
            prompt = from.prompt;
            evaluation = from.evaluation;
            database = from.database;
            performance = from.performance;
        }

        /** Sets the run-level settings. */
        public Builder engine(EngineConfig engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /** Sets the model ensemble and its budget. */
        public Builder llm(LlmConfig llm) {
            this.llm = Objects.requireNonNull(llm, "llm");
            return this;
        }

        /** Sets the program database settings. */
        public Builder programs(ProgramsConfig programs) {
            this.programs = Objects.requireNonNull(programs, "programs");
            return this;
        }

        /** Sets prompt building. */
        public Builder prompt(PromptConfig prompt) {
            this.prompt = Objects.requireNonNull(prompt, "prompt");
            return this;
        }

        /** Sets candidate evaluation. */
        public Builder evaluation(EvaluationConfig evaluation) {
            this.evaluation = Objects.requireNonNull(evaluation, "evaluation");
            return this;
        }

        /** Sets the storage backend. */
        public Builder database(StorageConfig database) {
            this.database = Objects.requireNonNull(database, "database");
            return this;
        }

        /** Sets metrics sampling. */
        public Builder performance(PerformanceConfig performance) {
            this.performance = Objects.requireNonNull(performance, "performance");
            return this;
        }

        /**
         * The validated tree.
         *
         * @throws ConfigException listing every problem, source {@code OpenEvolveConfig.Builder}
         */
        public OpenEvolveConfig build() {
            var config = new OpenEvolveConfig(engine, llm, programs, prompt, evaluation, database, performance);
            List<ConfigProblem> problems = config.validate();
            if (!problems.isEmpty()) {
                throw new ConfigException("OpenEvolveConfig.Builder", problems);
            }
            return config;
        }
    }
}
