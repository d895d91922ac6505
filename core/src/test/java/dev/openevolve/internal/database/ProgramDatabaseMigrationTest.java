package dev.openevolve.internal.database;

import dev.openevolve.spi.Program;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.openevolve.internal.database.Fixtures.program;
import static org.assertj.core.api.Assertions.assertThat;

class ProgramDatabaseMigrationTest {

    private static ProgramDatabase threeIslands(double rate, int perIsland) {
        ProgramDatabase database = new ProgramDatabase(Fixtures.config().islands(3).population(500).archive(5)
                .interval(3).rate(rate).build());
        for (int island = 0; island < 3; island++) {
            for (int i = 0; i < perIsland; i++) {
                database.add(program("i" + island + "-" + i, island, island * 100 + i));
            }
        }
        return database;
    }

    @Test
    void copiesEachIslandsBestToTheNextIslandOfTheRing() {
        ProgramDatabase database = threeIslands(0.1, 10);

        List<Program> copies = database.migrate();

        assertThat(copies).extracting(Program::id).containsExactly("i0-9@1", "i1-9@2", "i2-9@0");
        assertThat(copies).extracting(Program::island).containsExactly(1, 2, 0);
        assertThat(database.get("i2-9@0")).hasValueSatisfying(copy -> {
            assertThat(copy.code()).isEqualTo(database.get("i2-9").orElseThrow().code());
            assertThat(copy.metrics()).isEqualTo(database.get("i2-9").orElseThrow().metrics());
            assertThat(copy.island()).isZero();
        });
        assertThat(database.islandSize(0)).isEqualTo(11);
        assertThat(database.best(0)).map(Program::id).contains("i2-9@0");
    }

    @Test
    void migratesTheRateShareOfEachIslandBestFirst() {
        ProgramDatabase database = threeIslands(0.25, 20);

        List<Program> copies = database.migrate();

        assertThat(copies).extracting(Program::id).startsWith("i0-19@1", "i0-18@1", "i0-17@1", "i0-16@1", "i0-15@1",
                "i1-19@2");
        assertThat(copies).hasSize(15);
    }

    @Test
    void aPositiveRateMovesAtLeastOneProgramAndAZeroRateNone() {
        assertThat(threeIslands(0.01, 3).migrate()).hasSize(3);
        assertThat(threeIslands(0.0, 3).migrate()).isEmpty();
    }

    @Test
    void programsAreChosenBeforeAnyCopyArrivesSoTheyMoveOneStepPerMigration() {
        ProgramDatabase database = threeIslands(0.1, 10);

        List<Program> copies = database.migrate();

        // i0-9 arrives on island 1 before island 1 is handled, yet island 1 still sends its own best
        assertThat(copies).extracting(Program::id).doesNotContain("i0-9@2");
    }

    @Test
    void neverCopiesCodeThatAlreadyLivesOnTheTarget() {
        ProgramDatabase database = threeIslands(0.1, 10);
        database.migrate();

        // island 0's best is now i2-9@0, new to island 1; islands 1 and 2 still send i1-9 and i2-9, whose
        // code the first migration already brought to islands 2 and 0
        List<Program> second = database.migrate();
        List<Program> third = database.migrate();

        assertThat(second).extracting(Program::id).containsExactly("i2-9@1");
        assertThat(third).isEmpty();
        for (int island = 0; island < 3; island++) {
            List<String> codes = database.top(island, 1000).stream().map(Program::code).toList();
            assertThat(codes).as("island %d", island).doesNotHaveDuplicates();
        }
    }

    @Test
    void copiesOfCopiesAreNamedAfterTheOriginalProgram() {
        ProgramDatabase database = threeIslands(0.1, 10);
        database.migrate();

        List<Program> second = database.migrate();

        assertThat(second).extracting(Program::id).containsExactly("i2-9@1");
        assertThat(database.get("i2-9@0@1")).isEmpty();
    }

    @Test
    void migrationIsDueAfterTheIntervalOfIslandGenerations() {
        ProgramDatabase database = threeIslands(0.1, 2);
        assertThat(database.migrationDue()).isFalse();

        database.recordIslandIteration(0);
        database.recordIslandIteration(1);
        database.recordIslandIteration(0);
        assertThat(database.migrationDue()).isFalse();
        database.recordIslandIteration(0);
        assertThat(database.migrationDue()).isTrue();

        database.migrate();
        assertThat(database.migrationDue()).isFalse();
        database.recordIslandIteration(1);
        database.recordIslandIteration(1);
        database.recordIslandIteration(1);
        assertThat(database.migrationDue()).as("island 1 is at 4, the last migration at 3").isFalse();
        database.recordIslandIteration(1);
        database.recordIslandIteration(1);
        assertThat(database.migrationDue()).isTrue();
    }

    @Test
    void aSingleIslandMovesNothingButCompletesTheMigration() {
        ProgramDatabase database = new ProgramDatabase(Fixtures.config().islands(1).population(50).archive(2)
                .interval(1).build());
        database.add(program("only", 0, 1.0));
        database.recordIslandIteration(0);
        assertThat(database.migrationDue()).isTrue();

        assertThat(database.migrate()).isEmpty();
        assertThat(database.migrationDue()).isFalse();
    }

    @Test
    void skipsACopyWhoseIdIsTaken() {
        ProgramDatabase database = new ProgramDatabase(Fixtures.config().islands(2).population(50).archive(2)
                .rate(0.1).build());
        database.add(program("a", 0, 5.0));
        database.add(program("a@1", 1, Map.of("combined_score", 1.0), "some other code"));

        List<Program> copies = database.migrate();

        assertThat(copies).extracting(Program::id).containsExactly("a@1@0");
        assertThat(database.get("a@1").orElseThrow().code()).isEqualTo("some other code");
    }

    @Test
    void migrantsLandInTheTargetGridAndRespectTheCap() {
        Population population = new Population(Fixtures.config().islands(2).population(12).archive(2).rate(0.5)
                .build());
        for (int i = 0; i < 12; i++) {
            population.add(program("p" + i, i % 2, i), "p" + i);
        }

        List<Program> copies = RingMigration.run(population);

        assertThat(copies).isNotEmpty();
        assertThat(population.size()).isEqualTo(12);
        assertThat(population.get("p11@0")).isNotNull();
        assertThat(population.get("p11@0").origin).isEqualTo("p11");
        population.verify();
    }
}
