package dev.openevolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.spi.Completion;
import dev.openevolve.spi.FinishReason;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.TokenUsage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoveltyFilterTest {
    private static final String CODE = """
            def search(iterations=300, step=0.5):
                best = start()
                for _ in range(iterations):
                    candidate = best + jitter(step)
                    if score(candidate) > score(best):
                        best = candidate
                return best
            """;

    private static Program program(String id, String code) {
        return new Program(id, code, "python", null, 1, 3, 1, Map.of("combined_score", 0.5), Map.of(), "",
                Instant.EPOCH);
    }

    @Test
    void similarityIsTheJaccardOfTokenTrigramsIgnoringWhiteSpace() {
        long[] a = NoveltyFilter.shingles(CODE);
        assertThat(NoveltyFilter.jaccard(a, NoveltyFilter.shingles(CODE.replace("    ", "\t")))).isEqualTo(1.0);
        double oneConstant = NoveltyFilter.jaccard(a, NoveltyFilter.shingles(CODE.replace("step=0.5", "step=0.7")));
        assertThat(oneConstant).isBetween(0.85, 0.99);
        assertThat(NoveltyFilter.jaccard(a, NoveltyFilter.shingles("print('hello world')"))).isZero();
        assertThat(NoveltyFilter.jaccard(new long[0], new long[0])).isEqualTo(1.0);
    }

    @Test
    void rejectsANearCopyOfAnIslandMemberNamingItAndKeepsADifferentProgram() {
        var filter = new NoveltyFilter(0.8, null);
        var island = List.of(program("p1", CODE), program("p2", "x = 1\n"));

        var verdict = filter.check(program("p7", CODE.replace("step=0.5", "step=0.7")), island, 1);
        assertThat(verdict.rejected()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("candidate of iteration 3 was not added").contains("similar to p1 on island 1")
                .contains("similarity_threshold 0.8");
        assertThat(filter.check(program("p8", "def other():\n    return sorted(range(9))\n"), island, 1).rejected())
                .isEmpty();
        assertThat(filter.check(program("p1", CODE), island, 1).rejected()).as("a program is not its own copy")
                .isEmpty();
    }

    @Test
    void aJudgeDecidesAboutNearCopiesAndItsCostCounts() {
        var island = List.of(program("p1", CODE));
        var nearCopy = program("p7", CODE.replace("step=0.5", "step=0.7"));
        var usage = new TokenUsage(100, 5);

        var notNovel = new NoveltyFilter(0.8, TuningProblem.model("judge", p -> new Completion(
                "NOT NOVEL - only a constant differs", "judge", FinishReason.STOP, usage, 0.01)));
        var verdict = notNovel.check(nearCopy, island, 1);
        assertThat(verdict.rejected()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("the novelty judge judge calls it not novel: NOT NOVEL - only a constant differs");
        assertThat(verdict.usage()).isEqualTo(usage);
        assertThat(verdict.costUsd()).isEqualTo(0.01);

        var novel = new NoveltyFilter(0.8, TuningProblem.model("judge", p -> new Completion(
                "NOVEL: the step differs", "judge", FinishReason.STOP, usage, 0.01)));
        assertThat(novel.check(nearCopy, island, 1).rejected()).isEmpty();
        var unclear = new NoveltyFilter(0.8, TuningProblem.model("judge", p -> new Completion(
                "I cannot tell", "judge", FinishReason.STOP, usage, 0.01)));
        assertThat(unclear.check(nearCopy, island, 1).rejected()).isEmpty();
        var failing = new NoveltyFilter(0.8, TuningProblem.model("judge", p -> {
            throw new IllegalStateException("HTTP 503");
        }));
        assertThat(failing.check(nearCopy, island, 1).rejected()).isEmpty();
    }
}
