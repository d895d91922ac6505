package dev.openevolve.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.internal.llm.LiteralScanner.CommentStyle;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiteralScannerTest {

    private static List<String> texts(String code) {
        return LiteralScanner.scan(code).stream().map(NumericLiteral::text).toList();
    }

    @Test
    void findsDecimalLiteralsWithTheirSyntax() {
        assertThat(texts("// c\nx = 1_000 + 2.5e-3 * 10L - 3.0f + .5 + 7. + 1E+9d;"))
                .containsExactly("1_000", "2.5e-3", "10L", "3.0f", ".5", "7.", "1E+9d");
    }

    @Test
    void skipsIdentifiersHexOctalBinaryImaginaryAndUnsignedLiterals() {
        assertThat(texts("// c\nint x2 = 0x1F + 017 + 0b11 + 0o7 + 10u + var_3 + $4;")).isEmpty();
        assertThat(texts("# c\nz = 3j + 2")).containsExactly("2");
    }

    @Test
    void skipsCommentsStringsCharsAndTextBlocks() {
        String code = """
                // 1 in a comment
                /* 2 in a
                   block comment 3 */
                String s = "4 \\" 5";
                char c = '6';
                String t = \"""
                    7
                    \""";
                int v = 8;
                """;
        assertThat(texts(code)).containsExactly("8");
        assertThat(LiteralScanner.scan(code).get(0).line()).isEqualTo(9);
    }

    @Test
    void skipsTupleFieldAccessAndRangeDots() {
        assertThat(texts("// c\nlet a = t.0 + p.1;\nfor i in 1..10 {}")).containsExactly("1", "10");
    }

    @Test
    void attachesAUnaryMinusButNotABinaryOne() {
        List<NumericLiteral> found = LiteralScanner.scan("// c\nx = -3; y = a - 4; z = f(-5); w = a-6; return -7;");

        assertThat(found).extracting(NumericLiteral::text).containsExactly("-3", "4", "-5", "6", "-7");
        assertThat(found).extracting(NumericLiteral::signFree).containsExactly(true, true, true, false, true);
        assertThat(found.get(0).value()).isEqualTo(-3.0);
    }

    @Test
    void guessesTheCommentStyle() {
        assertThat(LiteralScanner.detectStyle("# EVOLVE-BLOCK-START\nx = a // 2\n")).isEqualTo(CommentStyle.HASH);
        assertThat(LiteralScanner.detectStyle("#include <x>\n// EVOLVE-BLOCK-START\n")).isEqualTo(CommentStyle.SLASH);
        assertThat(LiteralScanner.detectStyle("#include <x>\n// note\nint a;\n")).isEqualTo(CommentStyle.SLASH);
        assertThat(LiteralScanner.detectStyle("# note\nx = 1\n")).isEqualTo(CommentStyle.HASH);
        assertThat(LiteralScanner.detectStyle("x = 1\n")).isEqualTo(CommentStyle.BOTH);
        assertThat(texts("# EVOLVE-BLOCK-START\nx = a // 2  # 3 times\n")).containsExactly("2");
        assertThat(texts("x = 1  # 2\ny = 3  // 4\n")).containsExactly("1", "3");
    }
}
