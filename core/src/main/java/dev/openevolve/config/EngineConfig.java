package dev.openevolve.config;

/**
 * Run-level settings of the evolution engine (OpenEvolve's top-level keys). Immutable.
 *
 * @param maxIterations        iterations to run, at least 1
 * @param checkpointInterval   iterations between checkpoints, at least 1
 * @param randomSeed           the one seed that makes a run with the offline model repeatable
 * @param language             the evolved program's language, lower case ({@code java}, {@code python}, …)
 * @param diffBasedEvolution   ask for SEARCH/REPLACE diffs ({@code true}) or full rewrites
 * @param maxCodeLength        candidates longer than this many characters are rejected
 * @param targetScore          stop once the best fitness reaches it; {@code NaN} for no target
 * @param earlyStoppingPatience stop after this many iterations without improvement; 0 for never
 * @param parallelIterations   iterations in flight at once (generation and evaluation), at least 1
 */
public record EngineConfig(int maxIterations, int checkpointInterval, long randomSeed, String language,
                           boolean diffBasedEvolution, int maxCodeLength, double targetScore,
                           int earlyStoppingPatience, int parallelIterations) {

    /** OpenEvolve's defaults, with parallelism from the machine. */
    public static EngineConfig defaults() {
        return new EngineConfig(100, 10, 42, "java", true, 10_000, Double.NaN, 0,
                Math.max(1, Runtime.getRuntime().availableProcessors()));
    }
}
