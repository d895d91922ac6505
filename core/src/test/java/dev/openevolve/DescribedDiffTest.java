package dev.openevolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.internal.diff.SearchReplace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DescribedDiffTest {
    private static final String CODE = "x = 1.0\ny = 2.0\n";
    private static final String DESCRIPTION = "Start from the defaults.\n- keep y\n";

    @Test
    void routesEachBlockToTheCodeOrTheDescription() {
        var problems = new ArrayList<String>();
        var outcome = DescribedDiff.apply(CODE, DESCRIPTION, List.of(new SearchReplace("x = 1.0", "x = 3.0"),
                new SearchReplace("- keep y", "- keep y\n- raise x to 3")), false, problems);

        assertThat(outcome).get().satisfies(o -> {
            assertThat(o.code()).isEqualTo("x = 3.0\ny = 2.0\n");
            assertThat(o.description()).isEqualTo("Start from the defaults.\n- keep y\n- raise x to 3\n");
            assertThat(o.codeBlocks()).hasSize(1);
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void discardsAnAnswerThatLeavesTheDescriptionAloneUnlessItWritesTheLineItself() {
        var problems = new ArrayList<String>();
        var blocks = List.of(new SearchReplace("x = 1.0", "x = 3.0"));
        assertThat(DescribedDiff.apply(CODE, DESCRIPTION, blocks, false, problems)).isEmpty();
        assertThat(problems).singleElement().asString().contains("changes description was not updated");

        var synthesized = DescribedDiff.apply(CODE, DESCRIPTION, blocks, true, new ArrayList<>());
        assertThat(synthesized).get().extracting(DescribedDiff.Outcome::description)
                .isEqualTo("Start from the defaults.\n- keep y\n- changed 'x = 1.0' to 'x = 3.0'");
    }

    @Test
    void discardsAmbiguousAndUnmatchedBlocks() {
        var problems = new ArrayList<String>();
        assertThat(DescribedDiff.apply("keep y = 2\n", "keep y = 2\n", List.of(new SearchReplace("keep y = 2",
                "keep y = 3")), true, problems)).isEmpty();
        assertThat(problems).singleElement().asString().contains("block 1 is ambiguous");

        problems.clear();
        assertThat(DescribedDiff.apply(CODE, DESCRIPTION, List.of(new SearchReplace("z = 9", "z = 1")), true,
                problems)).isEmpty();
        assertThat(problems).singleElement().asString().contains("1 of 1 SEARCH/REPLACE block(s) match neither");
    }
}
