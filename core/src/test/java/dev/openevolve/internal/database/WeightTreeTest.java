package dev.openevolve.internal.database;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WeightTreeTest {

    @Test
    void findsTheSlotWhoseCumulativeRangeHoldsTheTarget() {
        WeightTree tree = new WeightTree();
        tree.set(0, 1.0);
        tree.set(1, 2.0);
        tree.set(2, 3.0);

        assertThat(tree.total()).isEqualTo(6.0);
        assertThat(tree.find(0.0, 3)).isZero();
        assertThat(tree.find(0.99, 3)).isZero();
        assertThat(tree.find(1.0, 3)).isEqualTo(1);
        assertThat(tree.find(2.99, 3)).isEqualTo(1);
        assertThat(tree.find(3.0, 3)).isEqualTo(2);
        assertThat(tree.find(5.99, 3)).isEqualTo(2);
    }

    @Test
    void aTargetRoundedPastTheEndLandsOnTheLastSlot() {
        WeightTree tree = new WeightTree();
        tree.set(0, 0.1);
        tree.set(1, 0.2);

        assertThat(tree.find(tree.total(), 2)).isEqualTo(1);
    }

    @Test
    void zeroWeightSlotsAreNeverFound() {
        WeightTree tree = new WeightTree();
        for (int i = 0; i < 10; i++) {
            tree.set(i, i % 2 == 0 ? 0.0 : 1.0);
        }
        SplittableRandom random = new SplittableRandom(1);

        for (int i = 0; i < 1000; i++) {
            assertThat(tree.find(random.nextDouble() * tree.total(), 10) % 2).isEqualTo(1);
        }
    }

    @Test
    void growsBeyondItsInitialCapacityKeepingTheWeights() {
        WeightTree tree = new WeightTree();
        for (int i = 0; i < 1000; i++) {
            tree.set(i, 1.0);
        }

        assertThat(tree.total()).isEqualTo(1000.0);
        assertThat(tree.find(999.5, 1000)).isEqualTo(999);
        assertThat(tree.find(16.5, 1000)).isEqualTo(16);
    }

    @Test
    void sumsDependOnlyOnTheCurrentWeightsNotOnTheHistoryOfUpdates() {
        WeightTree churned = new WeightTree();
        SplittableRandom random = new SplittableRandom(2);
        double[] weights = new double[500];
        for (int step = 0; step < 100_000; step++) {
            int slot = random.nextInt(500);
            weights[slot] = random.nextDouble() * 1e6;
            churned.set(slot, weights[slot]);
        }
        WeightTree fresh = new WeightTree();
        for (int slot = weights.length - 1; slot >= 0; slot--) {
            fresh.set(slot, weights[slot]);
        }

        assertThat(churned.total()).isEqualTo(fresh.total());
        for (int i = 0; i < 1000; i++) {
            double target = random.nextDouble() * fresh.total();
            assertThat(churned.find(target, 500)).isEqualTo(fresh.find(target, 500));
        }
    }

    @Test
    void drawsInProportionToWeight() {
        WeightTree tree = new WeightTree();
        tree.set(0, 1.0);
        tree.set(1, 3.0);
        SplittableRandom random = new SplittableRandom(3);
        int ones = 0;
        for (int i = 0; i < 40_000; i++) {
            ones += tree.find(random.nextDouble() * tree.total(), 2);
        }

        assertThat(ones / 40_000.0).isCloseTo(0.75, within(0.01));
    }
}
