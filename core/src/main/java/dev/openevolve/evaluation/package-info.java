/**
 * Scoring candidates. The built-in evaluators, each with a builder: {@link dev.openevolve.evaluation.JavaSourceEvaluator}
 * (a Java harness compiled once and run in sandboxed JVMs), {@link dev.openevolve.evaluation.OpenEvolvePythonEvaluator}
 * (an unchanged OpenEvolve {@code evaluator.py}) and {@link dev.openevolve.evaluation.CommandEvaluator} (any
 * executable that prints JSON metrics); {@link dev.openevolve.evaluation.Evaluators#forFile} picks one for a file as
 * the command line does. {@link dev.openevolve.evaluation.EvaluatorPool} runs an evaluator with bounded parallelism,
 * timeouts, cascade stages and retries; it is the local {@link dev.openevolve.evaluation.EvaluationExecutor}, and an
 * {@link dev.openevolve.evaluation.EvaluationExecutorProvider} (the {@code cluster} module's) can replace it.
 */
package dev.openevolve.evaluation;
