package dev.openevolve.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.internal.diff.DiffResult;
import dev.openevolve.internal.diff.Diffs;
import dev.openevolve.spi.Prompt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The offline model must be able to drive a real search: a greedy hill climb on two constants. */
class MutationHillClimbTest {

    private static final Pattern CONSTANT = Pattern.compile("static double (\\w+) = \\(?([^;)]+)\\)?;");

    private static double score(String code) {
        double a = Double.NaN;
        double b = Double.NaN;
        Matcher m = CONSTANT.matcher(code);
        while (m.find()) {
            double v = Double.parseDouble(m.group(2).replace("_", ""));
            if (m.group(1).equals("a")) {
                a = v;
            } else if (m.group(1).equals("b")) {
                b = v;
            }
        }
        return -(a - 3.7) * (a - 3.7) - (b + 1.2) * (b + 1.2);
    }

    @Test
    void greedyHillClimbingWithTheMutationModelFindsTheOptimum() {
        String best = """
                final class Objective {
                    // EVOLVE-BLOCK-START
                    static double a = 1.0;
                    static double b = 0.5;
                    // EVOLVE-BLOCK-END
                    private Objective() {
                    }
                }
                """;
        double initial = score(best);
        double bestScore = initial;
        MutationModel model = MutationModel.defaults();
        for (long step = 0; step < 400; step++) {
            String answer = model.complete(new Prompt("", "", best, step)).text();
            DiffResult result = Diffs.apply(best, Diffs.parse(answer));
            assertThat(result.problems()).isEmpty();
            double s = score(result.code());
            if (s > bestScore) {
                bestScore = s;
                best = result.code();
            }
        }
        assertThat(initial).isLessThan(-8);
        assertThat(bestScore).as("best program:%n%s", best).isGreaterThan(-0.01);
        assertThat(best).contains("// EVOLVE-BLOCK-START").contains("private Objective()");
    }
}
