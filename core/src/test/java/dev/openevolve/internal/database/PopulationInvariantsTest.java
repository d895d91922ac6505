package dev.openevolve.internal.database;

import dev.openevolve.spi.Program;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.SplittableRandom;

import static dev.openevolve.internal.database.Fixtures.program;
import static org.assertj.core.api.Assertions.assertThat;

/** Random sequences of every operation, checking all internal invariants after each step. */
class PopulationInvariantsTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void invariantsHoldThroughAddsReplacementsEvictionsMigrationsAndSamples(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int islands = 1 + random.nextInt(4);
        Population population = new Population(Fixtures.config().islands(islands).population(40).archive(6)
                .rate(0.3).inspirations(4).build());
        double bestEver = Double.NEGATIVE_INFINITY;
        for (int step = 0; step < 1500; step++) {
            int action = random.nextInt(20);
            if (action == 0) {
                RingMigration.run(population);
            } else if (action < 4 && population.size() > 0) {
                ParentSelection selection = Sampler.sample(population, random.nextInt(islands), random);
                assertThat(population.get(selection.parent().id()).program).isSameAs(selection.parent());
            } else {
                String id = "p" + random.nextInt(step + 1);
                double fitness = random.nextDouble() * 10 - 2;
                Program program = program(id, random.nextInt(islands), Map.of("combined_score", fitness),
                        "def f():\n    return " + random.nextInt(300) + "\n".repeat(random.nextInt(3)));
                population.add(program, id);
                if (fitness > bestEver) {
                    bestEver = fitness;
                }
                assertThat(population.get(id).program).isSameAs(program);
            }
            population.verify();
        }
        assertThat(population.size()).isEqualTo(40);
    }

    @Test
    void theBestProgramEverAddedIsNeverEvicted() {
        SplittableRandom random = new SplittableRandom(7);
        Population population = new Population(Fixtures.config().islands(2).population(10).archive(1).build());
        Program champion = program("champion", 1, 1_000.0);
        population.add(champion, champion.id());
        for (int i = 0; i < 2000; i++) {
            population.add(program("p" + i, random.nextInt(2), random.nextDouble() * 999), "p" + i);
        }

        assertThat(population.ranked.first().program).isSameAs(champion);
        population.verify();
    }
}
