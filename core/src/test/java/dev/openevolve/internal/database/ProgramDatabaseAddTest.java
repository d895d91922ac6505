package dev.openevolve.internal.database;

import dev.openevolve.config.ProgramsConfig;
import dev.openevolve.spi.Program;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.openevolve.internal.database.Fixtures.program;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ProgramDatabaseAddTest {

    /** One island, one dimension "x" with 10 bins; x = 0 and x = 10 fix the range so that x = 5.x is bin 5. */
    private static Population gridOnX() {
        Population population = new Population(Fixtures.config().islands(1).dimensions("x").bins(10)
                .population(50).archive(2).build());
        population.add(withX("low", 0, 0.0), "low");
        population.add(withX("high", 10, 0.0), "high");
        return population;
    }

    private static Program withX(String id, double x, double fitness) {
        return program(id, 0, Map.of("x", x, "combined_score", fitness), "code of " + id);
    }

    private static Entry keeperOfCell5(Population population) {
        return population.islands[0].cells.get(population.features.key(new int[] {5}));
    }

    @Test
    void aFitterProgramTakesOverItsCell() {
        Population population = gridOnX();
        population.add(withX("first", 5.1, 0.5), "first");

        population.add(withX("fitter", 5.6, 0.9), "fitter");

        assertThat(keeperOfCell5(population).id).isEqualTo("fitter");
        assertThat(population.get("first").owner).isFalse();
        assertThat(population.get("first")).as("the loser stays on its island").isNotNull();
        population.verify();
    }

    @Test
    void aWeakerOrEqualProgramLeavesTheCellToItsKeeper() {
        Population population = gridOnX();
        population.add(withX("keeper", 5.1, 0.5), "keeper");

        population.add(withX("weaker", 5.4, 0.2), "weaker");
        population.add(withX("equal", 5.7, 0.5), "equal");

        assertThat(keeperOfCell5(population).id).isEqualTo("keeper");
        assertThat(population.get("weaker").owner).isFalse();
        assertThat(population.get("equal").owner).isFalse();
        population.verify();
    }

    @Test
    void complexityAndDiversitySpreadAnEvolvingPopulationOverTheGrid() {
        Population population = new Population(Fixtures.config().islands(1).population(500).build());
        SplittableRandom random = new SplittableRandom(3);
        List<List<String>> codes = new ArrayList<>();
        List<String> initial = new ArrayList<>();
        for (int l = 0; l < 30; l++) {
            initial.add("    value_" + l + " = compute(value_" + (l + 7) % 30 + ", " + l + ")");
        }
        codes.add(initial);
        for (int i = 0; i < 400; i++) {
            // like an evolution run: a child is its parent with a few lines changed, added or removed
            List<String> child = new ArrayList<>(codes.get(random.nextInt(codes.size())));
            for (int edit = 1 + random.nextInt(3); edit > 0; edit--) {
                int line = random.nextInt(child.size());
                String fresh = "    value_" + random.nextInt(60) + " = tweak(" + random.nextInt(1000) + ")";
                switch (random.nextInt(3)) {
                    case 0 -> child.set(line, fresh);
                    case 1 -> child.add(line, fresh);
                    default -> {
                        if (child.size() > 5) {
                            child.remove(line);
                        }
                    }
                }
            }
            codes.add(child);
            population.add(program("p" + i, 0, Map.of("combined_score", random.nextDouble()),
                    "def solve():\n" + String.join("\n", child)), "p" + i);
        }

        int[] perComplexity = new int[10];
        int[] perDiversity = new int[10];
        population.islands[0].cells.values().forEach(e -> {
            perComplexity[e.cell[0]]++;
            perDiversity[e.cell[1]]++;
        });
        assertThat(population.islands[0].cells.size()).isGreaterThanOrEqualTo(25);
        assertThat(Arrays.stream(perComplexity).filter(n -> n > 0).count()).isGreaterThanOrEqualTo(6);
        assertThat(Arrays.stream(perDiversity).filter(n -> n > 0).count()).isGreaterThanOrEqualTo(6);
        population.verify();
    }

    @Test
    void reAddingAnIdReplacesTheProgram() {
        ProgramDatabase database = new ProgramDatabase(Fixtures.config().islands(2).population(20).archive(2).build());
        database.add(program("a", 0, 0.9));
        database.add(program("b", 0, 0.5));

        database.add(program("a", 1, 0.1));

        assertThat(database.size()).isEqualTo(2);
        assertThat(database.get("a")).hasValueSatisfying(p -> assertThat(p.island()).isEqualTo(1));
        assertThat(database.islandSize(0)).isEqualTo(1);
        assertThat(database.best()).map(Program::id).contains("b");
    }

    @Test
    void bestAndTopRankByFitnessThenId() {
        ProgramDatabase database = new ProgramDatabase(Fixtures.config().islands(2).population(20).archive(2).build());
        database.add(program("c", 0, 0.5));
        database.add(program("a", 1, 0.9));
        database.add(program("b", 1, 0.5));
        database.add(program("d", 0, 0.1));

        assertThat(database.best()).map(Program::id).contains("a");
        assertThat(database.best(0)).map(Program::id).contains("c");
        assertThat(database.top(3)).extracting(Program::id).containsExactly("a", "b", "c");
        assertThat(database.top(0, 10)).extracting(Program::id).containsExactly("c", "d");
        assertThat(database.top(0)).isEmpty();
    }

    @Test
    void theCapEvictsTheWorstButNeverTheArchiveOrAnIslandBest() {
        ProgramsConfig config = Fixtures.config().islands(3).population(12).archive(4).build();
        Population population = new Population(config);
        SplittableRandom random = new SplittableRandom(11);
        List<Program> added = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Program p = program("p" + i, random.nextInt(3), random.nextDouble());
            added.add(p);
            population.add(p, p.id());
            population.verify();
        }
        added.sort(Comparator.comparingDouble(Program::fitness).reversed());

        assertThat(population.size()).isEqualTo(12);
        for (Program elite : added.subList(0, 4)) {
            assertThat(population.get(elite.id())).as("archived %s", elite.id()).isNotNull();
        }
        for (int island = 0; island < 3; island++) {
            final int i = island;
            Program islandBest = added.stream().filter(p -> p.island() == i).findFirst().orElseThrow();
            assertThat(population.islands[island].best().id).isEqualTo(islandBest.id());
        }
    }

    @Test
    void theCapKeepsAWeakIslandBest() {
        Population population = new Population(Fixtures.config().islands(2).population(6).archive(2).build());
        population.add(program("weak-island-1", 1, 0.01), "weak-island-1");
        for (int i = 0; i < 20; i++) {
            population.add(program("strong" + i, 0, 1.0 + i), "strong" + i);
        }

        assertThat(population.get("weak-island-1")).isNotNull();
        assertThat(population.size()).isEqualTo(6);
        population.verify();
    }

    @Test
    void theProgramBeingAddedSurvivesItsOwnAdditionEvenWhenWorst() {
        // without dimensions every program but the island's best lacks a cell, so the order is by fitness alone
        ProgramDatabase database = new ProgramDatabase(Fixtures.config().dimensions().islands(1).population(5)
                .archive(1).build());
        for (int i = 0; i < 5; i++) {
            database.add(program("good" + i, 0, 10 + i));
        }

        database.add(program("worst", 0, -1));

        assertThat(database.get("worst")).isPresent();
        assertThat(database.size()).isEqualTo(5);
        assertThat(database.get("good0")).as("the weakest unprotected program went").isEmpty();
    }

    @Test
    void programsWithoutACellAreEvictedBeforeCellKeepers() {
        Population population = new Population(Fixtures.config().islands(1).dimensions("x").bins(10)
                .population(6).archive(1).build());
        population.add(withX("low", 0, 5.0), "low");
        population.add(withX("high", 10, 5.0), "high");
        population.add(withX("keeper-weak", 3.5, 0.1), "keeper-weak");
        population.add(withX("keeper-strong", 5.5, 0.6), "keeper-strong");
        population.add(withX("homeless", 5.2, 0.3), "homeless");
        population.add(withX("filler", 7.5, 0.2), "filler");

        population.add(withX("newcomer", 9.5, 0.25), "newcomer");

        assertThat(population.get("homeless")).as("worst program without a cell goes first").isNull();
        assertThat(population.get("keeper-weak")).as("weaker, but keeps a cell").isNotNull();
        population.verify();
    }

    @Test
    void rejectsAProgramOnAnIslandThatDoesNotExist() {
        ProgramDatabase database = new ProgramDatabase(ProgramsConfig.defaults());

        assertThatIllegalArgumentException().isThrownBy(() -> database.add(program("far", 7, 1.0)))
                .withMessage("program 'far' is on island 7 but the database has 5 islands (0..4)");
    }

    @Test
    void rejectsAProgramWithoutMetrics() {
        ProgramDatabase database = new ProgramDatabase(ProgramsConfig.defaults());

        assertThatIllegalArgumentException()
                .isThrownBy(() -> database.add(program("failed", 0, Map.of(), "x = 1")))
                .withMessage("program 'failed' has no metrics: the database keeps successfully evaluated programs only");
    }

    @Test
    void rejectsAProgramWithANonFiniteFitness() {
        ProgramDatabase database = new ProgramDatabase(ProgramsConfig.defaults());

        assertThatIllegalArgumentException()
                .isThrownBy(() -> database.add(program("nan", 0, Double.NaN)))
                .withMessageStartingWith("program 'nan' has fitness NaN: its metrics must be finite numbers");
    }

    @Test
    void rejectsAProgramLackingTheMetricOfACustomDimensionAndStaysUnchanged() {
        ProgramDatabase database = new ProgramDatabase(Fixtures.config().dimensions("complexity", "speed").build());
        database.add(program("ok", 0, Map.of("combined_score", 1.0, "speed", 3.0), "x = 1"));
        String before = database.snapshot();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> database.add(program("no-speed", 0, Map.of("combined_score", 2.0), "x = 2")))
                .withMessage("program 'no-speed' lacks metric 'speed' that feature dimension 'speed' needs (its metrics "
                        + "are [combined_score]; built-in dimensions are complexity, diversity and score)");
        assertThat(database.snapshot()).isEqualTo(before);
        assertThat(database.size()).isEqualTo(1);
    }

    @Test
    void aMetricNamedLikeABuiltInDimensionOverridesIt() {
        Population population = new Population(Fixtures.config().islands(1).dimensions("complexity").bins(10)
                .population(50).archive(2).build());
        population.add(program("a", 0, Map.of("combined_score", 1.0, "complexity", 0.0), "short"), "a");
        population.add(program("b", 0, Map.of("combined_score", 1.0, "complexity", 100.0), "short"), "b");
        population.add(program("c", 0, Map.of("combined_score", 1.0, "complexity", 99.0), "short"), "c");

        assertThat(population.get("c").cell).containsExactly(9);
        assertThat(population.get("a").cell).containsExactly(5);
    }

    @Test
    void queriesRejectBadIslandsAndCounts() {
        ProgramDatabase database = new ProgramDatabase(ProgramsConfig.defaults());

        assertThatIllegalArgumentException().isThrownBy(() -> database.best(5))
                .withMessage("island 5 is out of range: the database has 5 islands (0..4)");
        assertThatIllegalArgumentException().isThrownBy(() -> database.islandSize(-1))
                .withMessage("island -1 is out of range: the database has 5 islands (0..4)");
        assertThatIllegalArgumentException().isThrownBy(() -> database.top(-2))
                .withMessage("n must not be negative but was -2");
        assertThatIllegalArgumentException().isThrownBy(() -> database.recordIslandIteration(9))
                .withMessageContaining("island 9 is out of range");
    }
}
