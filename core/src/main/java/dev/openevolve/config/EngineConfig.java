package dev.openevolve.config;

import java.util.Objects;

/**
 * Run-level settings of the evolution engine (OpenEvolve's top-level keys). Immutable and thread safe.
 * The canonical constructor accepts any value so that loading can report every problem at once; the
 * {@code with…} methods reject a bad argument with an {@link IllegalArgumentException} naming it, and
 * {@link OpenEvolveConfig#validate()} checks the whole tree.
 *
 * @param maxIterations        iterations to run, at least 1
 * @param checkpointInterval   iterations between checkpoints, at least 1
 * @param randomSeed           the one seed that makes a run with the offline model repeatable
 * @param language             the evolved program's language, lower case ({@code java}, {@code python}, …)
 * @param diffBasedEvolution   ask for SEARCH/REPLACE diffs ({@code true}) or full rewrites
 * @param maxCodeLength        candidates longer than this many characters are rejected, at least 1
 * @param targetScore          stop once the best fitness reaches it; {@code NaN} for no target
 * @param earlyStoppingPatience stop after this many iterations without improvement; 0 for never
 * @param parallelIterations   iterations in flight at once (generation and evaluation), at least 1
 */
public record EngineConfig(int maxIterations, int checkpointInterval, long randomSeed, String language,
                           boolean diffBasedEvolution, int maxCodeLength, double targetScore,
                           int earlyStoppingPatience, int parallelIterations) {

    public EngineConfig {
        Objects.requireNonNull(language, "language");
    }

    /** OpenEvolve's defaults, with parallelism from the machine. */
    public static EngineConfig defaults() {
        return new EngineConfig(100, 10, 42, "java", true, 10_000, Double.NaN, 0,
                Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** A copy with {@code maxIterations} set; at least 1. */
    public EngineConfig withMaxIterations(int maxIterations) {
        return checked(new EngineConfig(maxIterations, checkpointInterval, randomSeed, language, diffBasedEvolution,
                maxCodeLength, targetScore, earlyStoppingPatience, parallelIterations), "max_iterations",
                "maxIterations");
    }

    /** A copy with {@code checkpointInterval} set; at least 1. */
    public EngineConfig withCheckpointInterval(int checkpointInterval) {
        return checked(new EngineConfig(maxIterations, checkpointInterval, randomSeed, language, diffBasedEvolution,
                maxCodeLength, targetScore, earlyStoppingPatience, parallelIterations), "checkpoint_interval",
                "checkpointInterval");
    }

    /** A copy with {@code randomSeed} set. */
    public EngineConfig withRandomSeed(long randomSeed) {
        return new EngineConfig(maxIterations, checkpointInterval, randomSeed, language, diffBasedEvolution,
                maxCodeLength, targetScore, earlyStoppingPatience, parallelIterations);
    }

    /** A copy with {@code language} set; lower case, starting with a letter. */
    public EngineConfig withLanguage(String language) {
        Objects.requireNonNull(language, "language");
        return checked(new EngineConfig(maxIterations, checkpointInterval, randomSeed, language, diffBasedEvolution,
                maxCodeLength, targetScore, earlyStoppingPatience, parallelIterations), "language", "language");
    }

    /** A copy with {@code diffBasedEvolution} set. */
    public EngineConfig withDiffBasedEvolution(boolean diffBasedEvolution) {
        return new EngineConfig(maxIterations, checkpointInterval, randomSeed, language, diffBasedEvolution,
                maxCodeLength, targetScore, earlyStoppingPatience, parallelIterations);
    }

    /** A copy with {@code maxCodeLength} set; at least 1. */
    public EngineConfig withMaxCodeLength(int maxCodeLength) {
        return checked(new EngineConfig(maxIterations, checkpointInterval, randomSeed, language, diffBasedEvolution,
                maxCodeLength, targetScore, earlyStoppingPatience, parallelIterations), "max_code_length",
                "maxCodeLength");
    }

    /** A copy with {@code targetScore} set; finite, or {@code NaN} for no target. */
    public EngineConfig withTargetScore(double targetScore) {
        return checked(new EngineConfig(maxIterations, checkpointInterval, randomSeed, language, diffBasedEvolution,
                maxCodeLength, targetScore, earlyStoppingPatience, parallelIterations), "target_score", "targetScore");
    }

    /** A copy with {@code earlyStoppingPatience} set; at least 0 (0 = never stop early). */
    public EngineConfig withEarlyStoppingPatience(int earlyStoppingPatience) {
        return checked(new EngineConfig(maxIterations, checkpointInterval, randomSeed, language, diffBasedEvolution,
                maxCodeLength, targetScore, earlyStoppingPatience, parallelIterations), "early_stopping_patience",
                "earlyStoppingPatience");
    }

    /** A copy with {@code parallelIterations} set; at least 1. */
    public EngineConfig withParallelIterations(int parallelIterations) {
        return checked(new EngineConfig(maxIterations, checkpointInterval, randomSeed, language, diffBasedEvolution,
                maxCodeLength, targetScore, earlyStoppingPatience, parallelIterations), "parallel_iterations",
                "parallelIterations");
    }

    private static EngineConfig checked(EngineConfig candidate, String key, String argument) {
        return ConfigValidator.checked(candidate, (c, p) -> ConfigValidator.engine(c, "", p), key, argument);
    }
}
