package dev.openevolve.internal.database;

import dev.openevolve.spi.Program;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static dev.openevolve.internal.database.Fixtures.program;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

class ProgramDatabaseSamplingTest {
    private static final int DRAWS = 40_000;

    /**
     * Island 0 holds p0..p99 with fitness 1..100; island 1 holds q0..q2 with fitness above 1000. The
     * archive (5) is q0, q1, q2, p99, p98: two of its members live on island 0.
     */
    private static ProgramDatabase ladder(double exploration, double exploitation) {
        ProgramDatabase database = new ProgramDatabase(Fixtures.config().islands(2).population(200).archive(5)
                .exploration(exploration).exploitation(exploitation).build());
        for (int i = 0; i < 100; i++) {
            database.add(program("p" + i, 0, i + 1));
        }
        for (int i = 0; i < 3; i++) {
            database.add(program("q" + i, 1, 1001 + i));
        }
        return database;
    }

    private static Map<String, Integer> parentCounts(ProgramDatabase database, int island, long seed) {
        RandomGenerator random = new SplittableRandom(seed);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < DRAWS; i++) {
            counts.merge(database.sample(island, random).parent().id(), 1, Integer::sum);
        }
        return counts;
    }

    private static double chiSquare(Map<String, Integer> counts, Map<String, Double> expectedShares) {
        double chi = 0;
        for (Map.Entry<String, Double> expected : expectedShares.entrySet()) {
            double e = expected.getValue() * DRAWS;
            double o = counts.getOrDefault(expected.getKey(), 0);
            chi += (o - e) * (o - e) / e;
        }
        return chi;
    }

    private static double share(Map<String, Integer> counts, Set<String> ids) {
        return ids.stream().mapToInt(id -> counts.getOrDefault(id, 0)).sum() / (double) DRAWS;
    }

    private static Set<String> ids(String prefix, int from, int to) {
        Set<String> ids = new HashSet<>();
        for (int i = from; i < to; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }

    @Test
    void explorationDrawsIslandMembersUniformly() {
        Map<String, Integer> counts = parentCounts(ladder(1.0, 0.0), 0, 1);
        Map<String, Double> uniform = new HashMap<>();
        ids("p", 0, 100).forEach(id -> uniform.put(id, 0.01));

        assertThat(counts.keySet()).isEqualTo(ids("p", 0, 100));
        // 99 degrees of freedom: mean 99, standard deviation 14
        assertThat(chiSquare(counts, uniform)).isLessThan(160);
    }

    @Test
    void exploitationDrawsArchivedProgramsOfTheIsland() {
        Map<String, Integer> counts = parentCounts(ladder(0.0, 1.0), 0, 2);

        assertThat(counts.keySet()).containsExactlyInAnyOrder("p99", "p98");
        assertThat(counts.get("p99") / (double) DRAWS).isCloseTo(0.5, within(0.02));
    }

    @Test
    void exploitationFallsBackToTheWholeArchiveWhenNoneLivesOnTheIsland() {
        ProgramDatabase database = new ProgramDatabase(Fixtures.config().islands(2).population(20).archive(2)
                .exploration(0.0).exploitation(1.0).build());
        database.add(program("strong-a", 1, 10));
        database.add(program("strong-b", 1, 9));
        database.add(program("weak", 0, 1));

        Map<String, Integer> counts = parentCounts(database, 0, 3);

        assertThat(counts.keySet()).containsExactlyInAnyOrder("strong-a", "strong-b");
    }

    @Test
    void theRestIsDrawnInProportionToFitness() {
        Map<String, Integer> counts = parentCounts(ladder(0.0, 0.0), 0, 4);
        Map<String, Double> proportional = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            proportional.put("p" + i, (i + 1) / 5050.0);
        }

        assertThat(counts.keySet()).isSubsetOf(ids("p", 0, 100));
        // p0 has an expected count of 8, too few for the statistic; the others pass the 98-dof check
        proportional.remove("p0");
        assertThat(chiSquare(counts, proportional)).isLessThan(160);
        assertThat(share(counts, ids("p", 50, 100))).isCloseTo(3775 / 5050.0, within(0.015));
    }

    @Test
    void mixedRatiosGiveTheExpectedShares() {
        Map<String, Integer> counts = parentCounts(ladder(0.2, 0.7), 0, 5);

        double archived = 0.2 * 2 / 100 + 0.7 + 0.1 * 199 / 5050;
        double bottomHalf = 0.2 * 0.5 + 0.1 * 1275 / 5050;
        assertThat(share(counts, Set.of("p99", "p98"))).isCloseTo(archived, within(0.01));
        assertThat(share(counts, ids("p", 0, 50))).isCloseTo(bottomHalf, within(0.01));
    }

    @Test
    void fitnessAtOrBelowZeroStillGetsAMinimalWeight() {
        ProgramDatabase database = new ProgramDatabase(Fixtures.config().islands(1).population(20).archive(1)
                .exploration(0.0).exploitation(0.0).build());
        database.add(program("negative", 0, -3));
        database.add(program("zero", 0, 0));

        Map<String, Integer> counts = parentCounts(database, 0, 6);

        assertThat(counts.get("negative") / (double) DRAWS).isCloseTo(0.5, within(0.02));
    }

    /** 400 programs on two islands with varied code, so that grid cells and inspirations vary. */
    private static ProgramDatabase varied(int inspirations) {
        ProgramDatabase database = new ProgramDatabase(Fixtures.config().islands(2).population(300).archive(10)
                .inspirations(inspirations).build());
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 400; i++) {
            StringBuilder code = new StringBuilder("def f(x):\n");
            for (int l = random.nextInt(30); l >= 0; l--) {
                code.append("    x = x * ").append(random.nextInt(100)).append(" + ").append(l).append('\n');
            }
            database.add(program("v" + i, random.nextInt(2), Map.of("combined_score", random.nextDouble()),
                    code.toString()));
        }
        return database;
    }

    @Test
    void inspirationsComeFromTheIslandAndNeverRepeatOrIncludeTheParent() {
        ProgramDatabase database = varied(6);
        RandomGenerator random = new SplittableRandom(12);

        for (int i = 0; i < 3000; i++) {
            int island = i % 2;
            ParentSelection selection = database.sample(island, random);
            List<String> ids = selection.inspirations().stream().map(Program::id).toList();

            assertThat(ids).hasSize(6).doesNotHaveDuplicates().doesNotContain(selection.parent().id());
            assertThat(selection.inspirations()).allSatisfy(p -> assertThat(p.island()).isEqualTo(island));
            String islandBest = database.best(island).orElseThrow().id();
            if (!selection.parent().id().equals(islandBest)) {
                assertThat(ids.get(0)).isEqualTo(islandBest);
            }
        }
    }

    @Test
    void aSmallIslandGivesAllItsOtherMembers() {
        ProgramDatabase database = new ProgramDatabase(Fixtures.config().islands(1).population(20).archive(1).build());
        database.add(program("a", 0, 3));
        database.add(program("b", 0, 2));
        database.add(program("c", 0, 1));
        RandomGenerator random = new SplittableRandom(13);

        for (int i = 0; i < 200; i++) {
            ParentSelection selection = database.sample(0, random);
            Set<String> expected = new HashSet<>(Set.of("a", "b", "c"));
            expected.remove(selection.parent().id());
            assertThat(selection.inspirations()).extracting(Program::id).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void noInspirationsWhenNoneAreConfigured() {
        ProgramDatabase database = varied(0);

        assertThat(database.sample(1, new SplittableRandom(1)).inspirations()).isEmpty();
    }

    @Test
    void inspirationsFavourKeepersOfCellsNearTheParent() {
        // dimension x with 100 bins over 0..100; the parent (best, the only archive member) sits in cell 50,
        // four cell keepers sit within two cells of it, 200 others crowd cells 0..9
        ProgramDatabase database = new ProgramDatabase(Fixtures.config().islands(1).dimensions("x").bins(100)
                .population(400).archive(1).exploration(0).exploitation(1).elite(0).inspirations(3).build());
        database.add(program("min", 0, Map.of("x", 0.0, "combined_score", 0.0), "min"));
        database.add(program("max", 0, Map.of("x", 100.0, "combined_score", 0.0), "max"));
        database.add(program("parent", 0, Map.of("x", 50.5, "combined_score", 100.0), "parent"));
        for (int x : new int[] {48, 49, 51, 52}) {
            database.add(program("near" + x, 0, Map.of("x", x + 0.5, "combined_score", 1.0), "near" + x));
        }
        for (int i = 0; i < 200; i++) {
            database.add(program("far" + i, 0, Map.of("x", i % 10 + 0.5, "combined_score", 2.0), "far" + i));
        }
        RandomGenerator random = new SplittableRandom(14);
        int withNeighbour = 0;
        for (int i = 0; i < 500; i++) {
            ParentSelection selection = database.sample(0, random);
            assertThat(selection.parent().id()).isEqualTo("parent");
            if (selection.inspirations().stream().anyMatch(p -> p.id().startsWith("near"))) {
                withNeighbour++;
            }
        }

        // by chance alone, about 6 % of the draws would include one of the four neighbours
        assertThat(withNeighbour).isGreaterThan(450);
    }

    @Test
    void anEmptyIslandBorrowsFromTheWholeDatabase() {
        ProgramDatabase database = new ProgramDatabase(Fixtures.config().islands(3).population(50).archive(2).build());
        for (int i = 0; i < 10; i++) {
            database.add(program("a" + i, 0, i));
        }
        RandomGenerator random = new SplittableRandom(15);
        Set<String> parents = new HashSet<>();

        for (int i = 0; i < 500; i++) {
            ParentSelection selection = database.sample(2, random);
            parents.add(selection.parent().id());
            assertThat(selection.inspirations()).hasSize(5)
                    .allSatisfy(p -> assertThat(p.island()).isZero());
        }

        assertThat(parents).hasSize(10);
    }

    @Test
    void sampleFailsClearlyOnAnEmptyDatabaseOrABadIsland() {
        ProgramDatabase database = new ProgramDatabase(Fixtures.config().build());

        assertThatIllegalStateException().isThrownBy(() -> database.sample(0, new SplittableRandom(1)))
                .withMessage("cannot sample island 0: the program database is empty; add the initial program first");
        assertThatIllegalArgumentException().isThrownBy(() -> database.sample(5, new SplittableRandom(1)))
                .withMessage("island 5 is out of range: the database has 5 islands (0..4)");
    }

    @Test
    void theSameSeedGivesTheSameSequence() {
        ProgramDatabase first = varied(5);
        ProgramDatabase second = varied(5);

        assertThat(draws(first, 77)).isEqualTo(draws(second, 77)).isEqualTo(draws(first, 77));
        assertThat(draws(first, 78)).isNotEqualTo(draws(first, 77));
    }

    static List<String> draws(ProgramDatabase database, long seed) {
        RandomGenerator random = new SplittableRandom(seed);
        List<String> draws = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ParentSelection selection = database.sample(i % database.islandCount(), random);
            draws.add(selection.parent().id() + selection.inspirations().stream().map(Program::id).toList());
        }
        return draws;
    }
}
