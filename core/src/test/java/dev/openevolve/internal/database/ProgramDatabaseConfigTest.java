package dev.openevolve.internal.database;

import dev.openevolve.config.ProgramsConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class ProgramDatabaseConfigTest {

    @Test
    void acceptsOpenEvolveDefaults() {
        ProgramDatabase database = new ProgramDatabase(ProgramsConfig.defaults());

        assertThat(database.islandCount()).isEqualTo(5);
        assertThat(database.size()).isZero();
        assertThat(database.best()).isEmpty();
        assertThat(database.top(3)).isEmpty();
    }

    @Test
    void rejectsNullConfig() {
        assertThatNullPointerException().isThrownBy(() -> new ProgramDatabase(null)).withMessage("config");
    }

    @Test
    void reportsEveryBrokenRuleAtOnce() {
        ProgramsConfig config = new ProgramsConfig(0, 0, 0, 1.5, -0.1, 0.2, List.of("complexity"), 0, Map.of(), 0,
                2.0, -1);

        assertThatIllegalArgumentException().isThrownBy(() -> new ProgramDatabase(config))
                .withMessageStartingWith("invalid programs config: ")
                .withMessageContaining("populationSize must be at least 1 but was 0")
                .withMessageContaining("archiveSize must be at least 1 but was 0")
                .withMessageContaining("numIslands must be at least 1 but was 0")
                .withMessageContaining("migrationInterval must be at least 1 but was 0")
                .withMessageContaining("numInspirations must be at least 0 but was -1")
                .withMessageContaining("featureBins must be at least 1 but was 0")
                .withMessageContaining("eliteSelectionRatio must be between 0 and 1 but was 1.5")
                .withMessageContaining("explorationRatio must be between 0 and 1 but was -0.1")
                .withMessageContaining("migrationRate must be between 0 and 1 but was 2.0");
    }

    @Test
    void rejectsRatiosAddingUpToMoreThanOne() {
        ProgramsConfig config = Fixtures.config().exploration(0.5).exploitation(0.6).build();

        assertThatIllegalArgumentException().isThrownBy(() -> new ProgramDatabase(config))
                .withMessageContaining("explorationRatio + exploitationRatio must not exceed 1 but was 0.5 + 0.6");
    }

    @Test
    void rejectsAPopulationTooSmallToEvictAnything() {
        ProgramsConfig config = Fixtures.config().population(105).archive(100).islands(5).build();

        assertThatIllegalArgumentException().isThrownBy(() -> new ProgramDatabase(config))
                .withMessageContaining("populationSize must exceed archiveSize + numIslands")
                .withMessageContaining("but was 105 with archiveSize 100 and numIslands 5");
    }

    @Test
    void rejectsRepeatedDimensionsAndBinsForUnknownDimensions() {
        ProgramsConfig config = Fixtures.config().dimensions("complexity", "complexity").bins("speed", 4).build();

        assertThatIllegalArgumentException().isThrownBy(() -> new ProgramDatabase(config))
                .withMessageContaining("featureDimensions must not repeat a name but 'complexity' appears twice")
                .withMessageContaining("binsPerDimension names 'speed', which is not one of featureDimensions");
    }

    @Test
    void rejectsNonPositiveBinsForANamedDimension() {
        ProgramsConfig config = Fixtures.config().bins("diversity", 0).build();

        assertThatIllegalArgumentException().isThrownBy(() -> new ProgramDatabase(config))
                .withMessageContaining("binsPerDimension.diversity must be between 1 and 65536 but was 0");
    }

    @Test
    void rejectsAGridWithTooManyCells() {
        ProgramsConfig config = Fixtures.config().dimensions("a", "b", "c", "d", "e").bins(65536).build();

        assertThatIllegalArgumentException().isThrownBy(() -> new ProgramDatabase(config))
                .withMessageContaining("the MAP-Elites grid must have at most 2^62 cells");
    }

    @Test
    void acceptsAGridWithoutDimensionsAsOneCellPerIsland() {
        ProgramDatabase database = new ProgramDatabase(Fixtures.config().dimensions().population(20).archive(2)
                .islands(1).build());

        database.add(Fixtures.program("a", 0, 0.5));
        database.add(Fixtures.program("b", 0, 0.7));

        assertThat(database.size()).isEqualTo(2);
        assertThat(database.best()).map(p -> p.id()).contains("b");
    }
}
