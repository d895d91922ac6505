package dev.openevolve.internal.database;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class CodeFingerprintTest {
    private static final String CODE = """
            def evaluate(points):
                best = None
                for p in points:
                    score = p.x * p.x + p.y * p.y
                    if best is None or score < best:
                        best = score
                return best
            """;

    @Test
    void identicalCodeIsFullySimilar() {
        assertThat(CodeFingerprint.similarity(CodeFingerprint.of(CODE), CodeFingerprint.of(CODE))).isEqualTo(1.0);
    }

    @Test
    void whitespaceRunsDoNotMatter() {
        String respaced = CODE.replace("    ", "\t").replace(" = ", "   =   ");

        assertThat(CodeFingerprint.of(respaced)).isEqualTo(CodeFingerprint.of(CODE));
    }

    @Test
    void aSmallEditStaysSimilarAndUnrelatedCodeDoesNot() {
        long[] original = CodeFingerprint.of(CODE);
        long[] edited = CodeFingerprint.of(CODE.replace("score < best", "score <= best + 1e-9"));
        StringBuilder unrelated = new StringBuilder();
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 40; i++) {
            unrelated.append("SELECT col").append(random.nextInt(1000)).append(" FROM t").append(random.nextInt(99))
                    .append(";\n");
        }

        assertThat(CodeFingerprint.similarity(original, edited)).isBetween(0.6, 0.99);
        assertThat(CodeFingerprint.similarity(original, CodeFingerprint.of(unrelated.toString()))).isLessThan(0.1);
    }

    @Test
    void codeTooShortToShingleIsOnlySimilarToItsLike() {
        long[] empty = CodeFingerprint.of("");
        long[] tiny = CodeFingerprint.of("x=1");

        assertThat(CodeFingerprint.similarity(empty, tiny)).isEqualTo(1.0);
        assertThat(CodeFingerprint.similarity(empty, CodeFingerprint.of(CODE))).isZero();
    }

    @Test
    void sketchesAreWellFormed() {
        assertThat(CodeFingerprint.isValid(CodeFingerprint.of(CODE))).isTrue();
        assertThat(CodeFingerprint.isValid(CodeFingerprint.of(""))).isTrue();
        assertThat(CodeFingerprint.isValid(new long[3])).isFalse();
        assertThat(CodeFingerprint.isValid(new long[CodeFingerprint.SLOTS])).isTrue();
        long[] negative = new long[CodeFingerprint.SLOTS];
        negative[0] = -1;
        assertThat(CodeFingerprint.isValid(negative)).isFalse();
    }
}
