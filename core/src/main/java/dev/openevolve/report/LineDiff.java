package dev.openevolve.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff by longest common subsequence, in the order a unified diff shows it. Stateless. Inputs whose
 * product of line counts exceeds {@link #MAX_CELLS} are diffed after trimming their common head and tail,
 * and if still too large the middle is shown as removed then added, never as a wrong alignment.
 */
final class LineDiff {
    static final long MAX_CELLS = 4_000_000;

    enum Kind { SAME, REMOVED, ADDED }

    record Line(Kind kind, String text) {
    }

    private LineDiff() {
    }

    static List<Line> diff(String before, String after) {
        String[] a = before.split("\n", -1);
        String[] b = after.split("\n", -1);
        int head = 0;
        while (head < a.length && head < b.length && a[head].equals(b[head])) {
            head++;
        }
        int tail = 0;
        while (tail < a.length - head && tail < b.length - head
                && a[a.length - 1 - tail].equals(b[b.length - 1 - tail])) {
            tail++;
        }
        var result = new ArrayList<Line>();
        for (int i = 0; i < head; i++) {
            result.add(new Line(Kind.SAME, a[i]));
        }
        middle(a, head, a.length - tail, b, head, b.length - tail, result);
        for (int i = a.length - tail; i < a.length; i++) {
            result.add(new Line(Kind.SAME, a[i]));
        }
        return result;
    }

    private static void middle(String[] a, int a0, int a1, String[] b, int b0, int b1, List<Line> out) {
        int n = a1 - a0;
        int m = b1 - b0;
        if ((long) n * m > MAX_CELLS) {
            for (int i = a0; i < a1; i++) {
                out.add(new Line(Kind.REMOVED, a[i]));
            }
            for (int j = b0; j < b1; j++) {
                out.add(new Line(Kind.ADDED, b[j]));
            }
            return;
        }
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a[a0 + i].equals(b[b0 + j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[a0 + i].equals(b[b0 + j])) {
                out.add(new Line(Kind.SAME, a[a0 + i]));
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add(new Line(Kind.REMOVED, a[a0 + i]));
                i++;
            } else {
                out.add(new Line(Kind.ADDED, b[b0 + j]));
                j++;
            }
        }
    }
}
