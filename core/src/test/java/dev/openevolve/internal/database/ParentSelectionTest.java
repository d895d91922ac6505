package dev.openevolve.internal.database;

import dev.openevolve.spi.Program;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.openevolve.internal.database.Fixtures.program;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class ParentSelectionTest {

    @Test
    void copiesItsInspirations() {
        List<Program> inspirations = new ArrayList<>(List.of(program("b", 0, 1.0)));
        ParentSelection selection = new ParentSelection(program("a", 0, 2.0), inspirations);

        inspirations.clear();

        assertThat(selection.inspirations()).extracting(Program::id).containsExactly("b");
    }

    @Test
    void rejectsTheParentAmongItsInspirationsAndNulls() {
        Program parent = program("a", 0, 2.0);

        assertThatIllegalArgumentException().isThrownBy(() -> new ParentSelection(parent, List.of(parent)))
                .withMessage("inspirations must not contain the parent 'a'");
        assertThatNullPointerException().isThrownBy(() -> new ParentSelection(null, List.of())).withMessage("parent");
        assertThatNullPointerException().isThrownBy(() -> new ParentSelection(parent, null))
                .withMessage("inspirations");
    }
}
