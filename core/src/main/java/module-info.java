/**
 * The OpenEvolve engine: configuration, the evolution controller, evaluators, the metrics sampler, pattern analysis,
 * suggestions and the optimisation loop.
 *
 * <p>Exports only the API a host or plugin author uses: {@code dev.openevolve} (the controller and its results),
 * {@code config}, {@code evaluation} (the built-in evaluators and the evaluation executor seam the {@code cluster}
 * module implements), {@code metrics}, {@code analysis}, {@code suggest}, {@code loop}, {@code report} and
 * {@code plugin}. The engine's internals live under {@code dev.openevolve.internal} and are not exported; the
 * package-private records that Jackson reads and writes (the run state and the database snapshot) are opened to
 * Jackson alone. {@code dev.openevolve.evaluation.runner} stays internal too: its class is copied into each
 * evaluation JVM and run there from the class path. The built-in providers are declared here for the module path and
 * in {@code META-INF/services} for the class path.
 */
// ejml.core is an automatic module (see its requires below)
@SuppressWarnings("requires-automatic")
module dev.openevolve.core {
    requires transitive dev.openevolve.spi;

    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.yaml.snakeyaml; // ConfigLoader reads the line and column of YAML errors from SnakeYAML's MarkedYAMLException
    // StandardScaler works on an EJML matrix inside; no EJML type is in the API. ejml-core publishes no module
    // descriptor or Automatic-Module-Name, so this is the name the JDK derives from its jar (ejml-core-<version>.jar).
    requires ejml.core;
    requires java.compiler;
    requires jdk.compiler;
    requires java.management;
    requires jdk.management;

    exports dev.openevolve;
    exports dev.openevolve.analysis;
    exports dev.openevolve.config;
    exports dev.openevolve.evaluation;
    exports dev.openevolve.loop;
    exports dev.openevolve.metrics;
    exports dev.openevolve.plugin;
    exports dev.openevolve.report;
    exports dev.openevolve.suggest;

    opens dev.openevolve to com.fasterxml.jackson.databind;
    opens dev.openevolve.internal.database to com.fasterxml.jackson.databind;

    uses dev.openevolve.evaluation.EvaluationExecutorProvider;
    uses dev.openevolve.spi.CodebaseContextProvider;
    uses dev.openevolve.spi.EvaluatorProvider;
    uses dev.openevolve.spi.LanguageModelProvider;
    uses dev.openevolve.spi.StoreProvider;

    provides dev.openevolve.spi.CodebaseContextProvider
            with dev.openevolve.internal.context.SourceTreeContextProvider;
    provides dev.openevolve.spi.EvaluatorProvider
            with dev.openevolve.internal.evaluation.JavaEvaluatorProvider,
                 dev.openevolve.internal.evaluation.CommandEvaluatorProvider,
                 dev.openevolve.internal.evaluation.PythonEvaluatorProvider;
    provides dev.openevolve.spi.LanguageModelProvider
            with dev.openevolve.internal.llm.MutationModelProvider;
    provides dev.openevolve.spi.StoreProvider
            with dev.openevolve.internal.store.memory.MemoryStoreProvider;
}
