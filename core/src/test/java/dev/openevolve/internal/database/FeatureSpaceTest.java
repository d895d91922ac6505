package dev.openevolve.internal.database;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.openevolve.internal.database.Fixtures.program;
import static org.assertj.core.api.Assertions.assertThat;

class FeatureSpaceTest {

    private static int[] place(FeatureSpace space, double x) {
        return space.place(space.measure(program("p", 0, Map.of("x", x, "combined_score", 1.0), "code")));
    }

    @Test
    void aSinglePointRangeMapsToTheMiddleBin() {
        FeatureSpace space = new FeatureSpace(Fixtures.config().dimensions("x").bins(10).build());

        assertThat(place(space, 42)).containsExactly(5);
    }

    @Test
    void valuesScaleByTheTrackedRangeAndTheMaximumTakesTheLastBin() {
        FeatureSpace space = new FeatureSpace(Fixtures.config().dimensions("x").bins(4).build());
        place(space, 0);
        place(space, 100);

        assertThat(place(space, 24.9)).containsExactly(0);
        assertThat(place(space, 25)).containsExactly(1);
        assertThat(place(space, 99)).containsExactly(3);
        assertThat(place(space, 100)).containsExactly(3);
        assertThat(place(space, 200)).as("a new maximum widens the range").containsExactly(3);
        assertThat(place(space, 100)).containsExactly(2);
    }

    @Test
    void measuringChangesNothing() {
        FeatureSpace space = new FeatureSpace(Fixtures.config().build());
        space.place(space.measure(program("a", 0, 1.0)));
        var before = space.ranges();

        space.measure(program("b", 0, Map.of("combined_score", 1.0), "x".repeat(5000)));

        assertThat(space.ranges()).isEqualTo(before);
        assertThat(space.references()).hasSize(1);
    }

    @Test
    void theDiversityReferenceSetKeepsTheFirstTwentyDistinctPrograms() {
        FeatureSpace space = new FeatureSpace(Fixtures.config().build());
        for (int i = 0; i < 30; i++) {
            space.place(space.measure(program("a", 0, 1.0)));
        }
        assertThat(space.references()).hasSize(1);

        for (int i = 0; i < 30; i++) {
            space.place(space.measure(program("p" + i, 0, 1.0)));
        }

        assertThat(space.references()).hasSize(FeatureSpace.REFERENCES);
    }

    @Test
    void neighboursStayWithinTwoCellsAndInsideTheGrid() {
        FeatureSpace space = new FeatureSpace(Fixtures.config().dimensions("x", "y").bins(10).build());
        var random = new java.util.SplittableRandom(5);

        for (int i = 0; i < 1000; i++) {
            int[] moved = space.neighbour(new int[] {0, 5}, random);
            assertThat(moved[0]).isBetween(0, 2);
            assertThat(moved[1]).isBetween(3, 7);
        }
    }
}
