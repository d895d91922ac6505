package dev.openevolve.examples;

import dev.openevolve.Controller;
import dev.openevolve.EvolutionListener;
import dev.openevolve.IterationEvent;
import dev.openevolve.RunResult;
import dev.openevolve.config.ConfigLoader;
import dev.openevolve.evaluation.JavaSourceEvaluator;
import java.nio.file.Path;

/**
 * The README's embedding example: a host evolves a Java program with its own scoring harness.
 * Run with {@code <program.java> <harness.java>}.
 */
public final class EmbeddingExample {
    private EmbeddingExample() {
    }

    public static void main(String[] args) {
        var config = ConfigLoader.fromEnvironment(System.getenv());     // or ConfigLoader.load(Path.of("openevolve.yaml"))
        try (var evaluator = JavaSourceEvaluator.builder().harness(Path.of(args[1])).build();
             var controller = Controller.builder()
                     .config(config)
                     .initialProgram(Path.of(args[0]))
                     .evaluator(evaluator)
                     .listener(new EvolutionListener() {
                         @Override
                         public void onIteration(IterationEvent e) {
                             if (e.improved()) {
                                 System.out.printf("iteration %d: new best %.4f%n", e.iteration(), e.bestFitness());
                             }
                         }
                     })
                     .build()) {
            RunResult result = controller.run();                       // or startEvolutionCycle(Map.of(...))
            System.out.println(result.reason() + ": " + result.best().fitness() + "\n" + result.best().code());
        }
    }
}
