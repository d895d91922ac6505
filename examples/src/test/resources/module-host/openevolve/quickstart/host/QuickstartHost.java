package openevolve.quickstart.host;

import dev.openevolve.Controller;
import dev.openevolve.RunResult;
import dev.openevolve.config.ConfigLoader;
import dev.openevolve.config.OpenEvolveConfig;
import dev.openevolve.evaluation.Evaluators;
import dev.openevolve.plugin.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The quickstart as a modular host runs it: the Thermostat problem, the offline model, the embedded H2 store of the
 * jdbc plugin. Arguments: the problem folder (Thermostat.java, ThermostatHarness.java) and the iterations.
 */
public final class QuickstartHost {
    private QuickstartHost() {
    }

    public static void main(String[] args) throws Exception {
        Path problem = Path.of(args[0]);
        int iterations = Integer.parseInt(args[1]);
        OpenEvolveConfig config = ConfigLoader.fromEnvironment(Map.of());
        config = config.toBuilder()
                .engine(config.engine().withMaxIterations(iterations).withLanguage("java"))
                .database(config.database().withProvider("jdbc")
                        .withUrl("jdbc:h2:file:" + problem.resolve("openevolve-data").resolve("openevolve")))
                .build();
        String code = Files.readString(problem.resolve("Thermostat.java"));
        try (var store = Stores.open(config.database());
             var evaluator = Evaluators.forFile(problem.resolve("ThermostatHarness.java"), config.evaluation());
             var controller = Controller.builder().config(config).initialProgram(code).evaluator(evaluator)
                     .store(store).build()) {
            RunResult result = controller.run();
            System.out.println("core module: " + Controller.class.getModule().getName());
            System.out.println("store module: " + store.getClass().getModule().getName());
            System.out.println("initial: " + result.initial().fitness());
            System.out.println("best: " + result.best().fitness());
            System.out.println("iterations: " + result.iterations());
        }
    }
}
