package dev.openevolve.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's plots as inline SVG elements. Stateless; every text is escaped. */
final class Svg {
    private static final int MEAN_WINDOW = 10;

    private Svg() {
    }

    /** Every candidate's score, the best so far and the mean of the last {@value #MEAN_WINDOW} scored candidates. */
    static String scores(List<ReportData.Point> points) {
        int w = 760;
        int h = 300;
        int left = 64;
        int right = 16;
        int top = 16;
        int bottom = 40;
        var scored = points.stream().filter(p -> !p.failed() && Double.isFinite(p.fitness())).toList();
        if (scored.isEmpty()) {
            return "<p class=\"empty\">No scored candidate yet.</p>";
        }
        long maxIter = Math.max(1, points.stream().mapToLong(ReportData.Point::iteration).max().orElse(1));
        double lo = scored.stream().mapToDouble(ReportData.Point::fitness).min().orElse(0);
        double hi = scored.stream().mapToDouble(ReportData.Point::fitness).max().orElse(1);
        if (hi - lo < 1e-12) {
            lo -= 0.5;
            hi += 0.5;
        }
        double span = hi - lo;
        lo -= span * 0.05;
        hi += span * 0.05;
        var scale = new Scale(left, w - right, top, h - bottom, maxIter, lo, hi);
        var svg = new StringBuilder();
        svg.append(open("score-chart", w, h, "Best and mean score over iterations"));
        axes(svg, scale, maxIter, lo, hi, "iteration", "score");
        for (var p : points) {
            if (p.failed() || !Double.isFinite(p.fitness())) {
                svg.append(fmt("<path class=\"failed\" d=\"M%.1f %.1f l6 6 m0 -6 l-6 6\"><title>iteration %d failed</title></path>",
                        scale.x(p.iteration()) - 3, (double) (h - bottom - 9), p.iteration()));
            } else {
                svg.append(fmt("<circle class=\"candidate\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"><title>iteration %d: %.6f</title></circle>",
                        scale.x(p.iteration()), scale.y(p.fitness()), p.iteration(), p.fitness()));
            }
        }
        var best = new StringBuilder();
        var mean = new StringBuilder();
        double bestSoFar = Double.NEGATIVE_INFINITY;
        var window = new ArrayList<Double>();
        for (var p : scored) {
            bestSoFar = Math.max(bestSoFar, p.fitness());
            window.add(p.fitness());
            if (window.size() > MEAN_WINDOW) {
                window.remove(0);
            }
            double m = window.stream().mapToDouble(Double::doubleValue).average().orElse(p.fitness());
            best.append(fmt("%.1f,%.1f ", scale.x(p.iteration()), scale.y(bestSoFar)));
            mean.append(fmt("%.1f,%.1f ", scale.x(p.iteration()), scale.y(m)));
        }
        svg.append("<polyline class=\"mean\" points=\"").append(mean.toString().strip()).append("\"/>");
        svg.append("<polyline class=\"best\" points=\"").append(best.toString().strip()).append("\"/>");
        svg.append(fmt("<g class=\"legend\"><line class=\"best\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
                + "<text x=\"%d\" y=\"%d\">best so far</text><line class=\"mean\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
                + "<text x=\"%d\" y=\"%d\">mean of last %d</text></g>",
                left + 10, top + 10, left + 30, top + 10, left + 36, top + 14,
                left + 130, top + 10, left + 150, top + 10, left + 156, top + 14, MEAN_WINDOW));
        return svg.append("</svg>").toString();
    }

    /** One island's grid as a heat map coloured on {@code [lo, hi]}. */
    static String heatMap(ReportData.Grid grid, double lo, double hi) {
        int cell = Math.max(8, Math.min(28, 280 / Math.max(grid.xBins(), grid.yBins())));
        int left = 28;
        int top = 8;
        int w = left + grid.xBins() * cell + 8;
        int h = top + grid.yBins() * cell + 34;
        var svg = new StringBuilder(open("heatmap", w, h, "MAP-Elites grid of island " + grid.island()));
        for (int y = 0; y < grid.yBins(); y++) {
            for (int x = 0; x < grid.xBins(); x++) {
                Double f = grid.cells().get(List.of(x, y));
                int px = left + x * cell;
                int py = top + (grid.yBins() - 1 - y) * cell;
                if (f == null) {
                    svg.append(fmt("<rect class=\"cell empty\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>",
                            px, py, cell - 1, cell - 1));
                } else {
                    double t = hi > lo ? (f - lo) / (hi - lo) : 1;
                    svg.append(fmt("<rect class=\"cell occupied\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                            + "fill=\"%s\"><title>%s %d, %s %d: %.6f</title></rect>", px, py, cell - 1, cell - 1,
                            color(t), Html.escape(grid.xName()), x, Html.escape(grid.yName()), y, f));
                }
            }
        }
        svg.append(fmt("<text x=\"%d\" y=\"%d\">%s →</text>", left, h - 12, Html.escape(grid.xName())));
        if (!grid.yName().isEmpty()) {
            svg.append(fmt("<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\">%s →</text>", top + grid.yBins() * cell,
                    top + grid.yBins() * cell, Html.escape(grid.yName())));
        }
        return svg.append("</svg>").toString();
    }

    /** Horizontal bars, one per entry, longest for the largest count. */
    static String bars(Map<String, Long> counts) {
        int w = 760;
        int row = 22;
        int labelWidth = 420;
        int h = counts.size() * row + 8;
        long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(1);
        var svg = new StringBuilder(open("bar-chart", w, h, "Failures by reason"));
        int y = 4;
        for (var e : counts.entrySet()) {
            double len = (w - labelWidth - 60) * (double) e.getValue() / max;
            String label = e.getKey().length() > 64 ? e.getKey().substring(0, 64) + "…" : e.getKey();
            svg.append(fmt("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s<title>%s</title></text>", labelWidth - 8,
                    y + 15, Html.escape(label), Html.escape(e.getKey())));
            svg.append(fmt("<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>", labelWidth, y + 3,
                    Math.max(1.0, len), row - 6));
            svg.append(fmt("<text x=\"%.1f\" y=\"%d\">%d</text>", labelWidth + len + 6, y + 15, e.getValue()));
            y += row;
        }
        return svg.append("</svg>").toString();
    }

    private static void axes(StringBuilder svg, Scale s, long maxIter, double lo, double hi, String xLabel,
                             String yLabel) {
        svg.append(fmt("<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", s.x0, s.y1, s.x1, s.y1));
        svg.append(fmt("<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", s.x0, s.y0, s.x0, s.y1));
        for (int i = 0; i <= 4; i++) {
            double v = lo + (hi - lo) * i / 4;
            double y = s.y(v);
            svg.append(fmt("<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", s.x0, y, s.x1, y));
            svg.append(fmt("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.3f</text>", s.x0 - 6, y + 4, v));
            long it = Math.round(maxIter * i / 4.0);
            svg.append(fmt("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>", s.x(it), s.y1 + 16, it));
        }
        svg.append(fmt("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>", (s.x0 + s.x1) / 2, s.y1 + 34,
                xLabel));
        svg.append(fmt("<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">%s</text>",
                (s.y0 + s.y1) / 2, (s.y0 + s.y1) / 2, yLabel));
    }

    private static String open(String cssClass, int w, int h, String label) {
        return fmt("<svg class=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " role=\"img\" aria-label=\"%s\">", cssClass, w, h, w, h, Html.escape(label));
    }

    /** Light yellow (t = 0) to dark red (t = 1). */
    static String color(double t) {
        t = Math.max(0, Math.min(1, t));
        int r = (int) Math.round(255 - 75 * t);
        int g = (int) Math.round(237 - 217 * t);
        int b = (int) Math.round(160 - 120 * t);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private record Scale(int x0, int x1, int y0, int y1, long maxIter, double lo, double hi) {
        double x(long iteration) {
            return x0 + (x1 - x0) * (double) iteration / maxIter;
        }

        double y(double value) {
            return y1 - (y1 - y0) * (value - lo) / (hi - lo);
        }
    }
}
