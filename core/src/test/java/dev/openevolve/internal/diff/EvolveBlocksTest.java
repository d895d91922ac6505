package dev.openevolve.internal.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EvolveBlocksTest {

    @Test
    void findsEveryRegionWithItsMarkerLines() {
        String code = "a\n// EVOLVE-BLOCK-START\nb\nc\n// EVOLVE-BLOCK-END\nd\n# EVOLVE-BLOCK-START\n# EVOLVE-BLOCK-END\n";

        assertThat(EvolveBlocks.find(code)).containsExactly(new EvolveRegion(2, 5), new EvolveRegion(7, 8));
        EvolveRegion first = EvolveBlocks.find(code).get(0);
        assertThat(first.firstEditableLine()).isEqualTo(3);
        assertThat(first.lastEditableLine()).isEqualTo(4);
        assertThat(first.isEditable(2)).isFalse();
        assertThat(first.isEditable(3)).isTrue();
        assertThat(EvolveBlocks.find(code).get(1).isEmpty()).isTrue();
    }

    @Test
    void programWithoutMarkersHasNoRegion() {
        assertThat(EvolveBlocks.hasMarkers("x = 1\n")).isFalse();
        assertThat(EvolveBlocks.find("x = 1\n")).isEmpty();
    }

    @Test
    void rejectsNestedUnclosedAndUnopenedRegions() {
        assertThatThrownBy(() -> EvolveBlocks.find("# EVOLVE-BLOCK-START\n# EVOLVE-BLOCK-START\n# EVOLVE-BLOCK-END\n"))
                .isInstanceOf(EvolveBlockException.class)
                .hasMessage("EVOLVE-BLOCK-START on line 2 opens a region inside the region opened on line 1; "
                        + "regions must not nest");
        assertThatThrownBy(() -> EvolveBlocks.find("x\n# EVOLVE-BLOCK-START\ny\n"))
                .isInstanceOf(EvolveBlockException.class)
                .hasMessage("EVOLVE-BLOCK-START on line 2 has no EVOLVE-BLOCK-END after it")
                .satisfies(e -> assertThat(((EvolveBlockException) e).line()).isEqualTo(2));
        assertThatThrownBy(() -> EvolveBlocks.find("x\n# EVOLVE-BLOCK-END\n"))
                .hasMessage("EVOLVE-BLOCK-END on line 2 closes no region; it needs an EVOLVE-BLOCK-START line before it");
        assertThatThrownBy(() -> EvolveBlocks.find("# EVOLVE-BLOCK-START EVOLVE-BLOCK-END\n"))
                .hasMessage("line 1 holds both EVOLVE-BLOCK-START and EVOLVE-BLOCK-END; each marker needs a line of its own");
    }

    @Test
    void regionRejectsImpossibleLines() {
        assertThatThrownBy(() -> new EvolveRegion(3, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an EVOLVE region needs 1 <= startLine < endLine but was 3 and 3");
    }

    @Test
    void describesEditableLinesForMessages() {
        assertThat(EvolveBlocks.describe(java.util.List.of(new EvolveRegion(2, 4)))).isEqualTo("line 3");
        assertThat(EvolveBlocks.describe(java.util.List.of(new EvolveRegion(2, 5), new EvolveRegion(7, 9),
                new EvolveRegion(10, 11)))).isEqualTo("lines 3-4, 8");
        assertThat(EvolveBlocks.describe(java.util.List.of(new EvolveRegion(1, 2)))).isEqualTo("no editable line");
    }
}
