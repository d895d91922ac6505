package dev.openevolve.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.report.LineDiff.Kind;
import dev.openevolve.report.LineDiff.Line;
import org.junit.jupiter.api.Test;

class LineDiffTest {

    @Test
    void changedLineIsShownRemovedThenAddedBetweenUnchangedOnes() {
        assertThat(LineDiff.diff("a\nb\nc", "a\nB\nc")).containsExactly(new Line(Kind.SAME, "a"),
                new Line(Kind.REMOVED, "b"), new Line(Kind.ADDED, "B"), new Line(Kind.SAME, "c"));
    }

    @Test
    void insertionsAndDeletionsKeepTheCommonSubsequence() {
        assertThat(LineDiff.diff("x\na\ny\nb", "a\nz\nb\nw")).containsExactly(new Line(Kind.REMOVED, "x"),
                new Line(Kind.SAME, "a"), new Line(Kind.REMOVED, "y"), new Line(Kind.ADDED, "z"),
                new Line(Kind.SAME, "b"), new Line(Kind.ADDED, "w"));
    }

    @Test
    void identicalTextsHaveNoChange() {
        assertThat(LineDiff.diff("a\nb", "a\nb")).extracting(Line::kind).containsOnly(Kind.SAME);
    }

    @Test
    void hugeDifferingMiddleIsShownRemovedThenAddedNotMisaligned() {
        var a = new StringBuilder("head\n");
        var b = new StringBuilder("head\n");
        for (int i = 0; i < 2100; i++) {
            a.append("old ").append(i).append('\n');
            b.append("new ").append(i).append('\n');
        }
        var lines = LineDiff.diff(a.append("tail").toString(), b.append("tail").toString());

        assertThat(lines.get(0)).isEqualTo(new Line(Kind.SAME, "head"));
        assertThat(lines.get(1)).isEqualTo(new Line(Kind.REMOVED, "old 0"));
        assertThat(lines.get(2101)).isEqualTo(new Line(Kind.ADDED, "new 0"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo(new Line(Kind.SAME, "tail"));
    }
}
