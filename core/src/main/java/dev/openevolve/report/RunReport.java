package dev.openevolve.report;

import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.PerformancePattern;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.Store;
import dev.openevolve.spi.Suggestion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes the report of an evolution run: one self-contained HTML page (inline CSS and SVG, no script,
 * nothing fetched when it is viewed) with the best and mean score over iterations, the MAP-Elites grid
 * of each island as a heat map, the lineage of the best program, its diff against the initial program,
 * model usage and cost, failures by reason, and the store's top patterns and suggestions. Everything is
 * read from the {@link Store} the run wrote to; grid, usage and cost come from the run's latest
 * checkpoint. A page for a run in progress can ask the browser to reload it periodically.
 *
 * <p>Stateless and thread safe; every method reads the store afresh.
 */
public final class RunReport {
    private RunReport() {
    }

    /**
     * The report of {@code runId} as HTML.
     *
     * @param refresh how often the page reloads itself (for a live run), or {@link Duration#ZERO} for a page
     *                that never reloads
     * @throws IllegalArgumentException when {@code refresh} is negative
     * @throws dev.openevolve.spi.StoreException when the store cannot be read
     */
    public static String render(Store store, String runId, Duration refresh) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(refresh, "refresh");
        if (refresh.isNegative()) {
            throw new IllegalArgumentException("refresh must not be negative but was " + refresh);
        }
        return page(new ReportData(store, runId), refresh);
    }

    /**
     * Writes the report of {@code runId} to {@code file} (UTF-8, replaced atomically where the file system
     * allows), a page that does not reload itself.
     *
     * @throws OpenEvolveException when the file cannot be written
     */
    public static Path write(Store store, String runId, Path file) {
        Objects.requireNonNull(file, "file");
        String html = render(store, runId, Duration.ZERO);
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            // a plain file (the umask's permissions), not createTempFile's owner-only one
            Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try {
                Files.writeString(tmp, html, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return file;
        } catch (IOException e) {
            throw new OpenEvolveException("cannot write the run report to " + file + ": " + e.getMessage(), e);
        }
    }

    private static String page(ReportData d, Duration refresh) {
        var h = new StringBuilder(32_768);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        if (!refresh.isZero()) {
            h.append("<meta http-equiv=\"refresh\" content=\"").append(Math.max(1, refresh.toSeconds())).append("\">");
        }
        h.append("<title>OpenEvolve run ").append(Html.escape(d.runId)).append("</title><style>").append(CSS)
                .append("</style></head><body>");
        h.append("<h1>OpenEvolve run <code>").append(Html.escape(d.runId)).append("</code></h1>");
        summary(h, d, refresh);
        h.append("<section id=\"scores\"><h2>Score over iterations</h2>").append(Svg.scores(d.points)).append("</section>");
        grids(h, d);
        lineage(h, d);
        diff(h, d);
        usage(h, d);
        h.append("<section id=\"failures\"><h2>Failures by reason</h2>");
        h.append(d.failures.isEmpty() ? "<p class=\"empty\">No candidate failed.</p>" : Svg.bars(d.failures));
        h.append("</section>");
        patterns(h, d);
        suggestions(h, d);
        return h.append("</body></html>\n").toString();
    }

    private static void summary(StringBuilder h, ReportData d, Duration refresh) {
        h.append("<section id=\"summary\"><table class=\"kv\">");
        row(h, "programs stored", String.valueOf(d.programs.size()));
        row(h, "last checkpoint", d.checkpointIteration < 0 ? "none" : "iteration " + d.checkpointIteration);
        d.initial.ifPresent(p -> row(h, "initial score", num(p.fitness())));
        d.best.ifPresent(p -> row(h, "best score", num(p.fitness()) + " (" + p.id() + ", iteration " + p.iteration()
                + ")"));
        if (d.initial.isPresent() && d.best.isPresent()) {
            row(h, "improvement", String.format(Locale.ROOT, "%+.6f", d.best.get().fitness() - d.initial.get().fitness()));
        }
        if (!refresh.isZero()) {
            row(h, "live", "this page reloads every " + Math.max(1, refresh.toSeconds()) + " s");
        }
        h.append("</table></section>");
    }

    private static void grids(StringBuilder h, ReportData d) {
        h.append("<section id=\"grid\"><h2>MAP-Elites grid per island</h2>");
        if (d.grids.isEmpty()) {
            h.append("<p class=\"empty\">No checkpoint with a program database yet.</p></section>");
            return;
        }
        double lo = d.grids.stream().flatMap(g -> g.cells().values().stream()).mapToDouble(Double::doubleValue)
                .min().orElse(0);
        double hi = d.grids.stream().flatMap(g -> g.cells().values().stream()).mapToDouble(Double::doubleValue)
                .max().orElse(1);
        h.append("<p>Each cell holds the best program of its feature bin; colour from ").append(num(lo))
                .append(" (light) to ").append(num(hi)).append(" (dark).</p><div class=\"grids\">");
        for (var g : d.grids) {
            h.append("<figure><figcaption>island ").append(g.island()).append(" (").append(g.cells().size())
                    .append(" cells)</figcaption>").append(Svg.heatMap(g, lo, hi)).append("</figure>");
        }
        h.append("</div></section>");
    }

    private static void lineage(StringBuilder h, ReportData d) {
        h.append("<section id=\"lineage\"><h2>Lineage of the best program</h2>");
        if (d.lineage.isEmpty()) {
            h.append("<p class=\"empty\">No program yet.</p></section>");
            return;
        }
        h.append("<table><tr><th>program</th><th>iteration</th><th>island</th><th>score</th><th>change</th></tr>");
        for (Program p : d.lineage) {
            h.append("<tr><td><code>").append(Html.escape(p.id())).append("</code></td><td>").append(p.iteration())
                    .append("</td><td>").append(p.island()).append("</td><td>").append(num(p.fitness()))
                    .append("</td><td>").append(Html.escape(shorten(p.changes(), 160))).append("</td></tr>");
        }
        h.append("</table></section>");
    }

    private static void diff(StringBuilder h, ReportData d) {
        h.append("<section id=\"diff\"><h2>Best program against the initial program</h2>");
        if (d.initial.isEmpty() || d.best.isEmpty()) {
            h.append("<p class=\"empty\">No program yet.</p></section>");
            return;
        }
        var lines = LineDiff.diff(d.initial.get().code(), d.best.get().code());
        long changed = lines.stream().filter(l -> l.kind() != LineDiff.Kind.SAME).count();
        h.append("<p>").append(changed).append(" line(s) changed.</p><pre class=\"diff\">");
        for (var line : lines) {
            String css = switch (line.kind()) {
                case SAME -> "same";
                case REMOVED -> "del";
                case ADDED -> "ins";
            };
            String mark = switch (line.kind()) {
                case SAME -> " ";
                case REMOVED -> "-";
                case ADDED -> "+";
            };
            h.append("<span class=\"").append(css).append("\">").append(mark).append(' ')
                    .append(Html.escape(line.text())).append("</span>\n");
        }
        h.append("</pre></section>");
    }

    private static void usage(StringBuilder h, ReportData d) {
        h.append("<section id=\"usage\"><h2>Model usage and cost</h2><table class=\"kv\">");
        row(h, "prompt tokens", String.valueOf(d.promptTokens));
        row(h, "completion tokens", String.valueOf(d.completionTokens));
        row(h, "total tokens", String.valueOf(d.promptTokens + d.completionTokens));
        row(h, "cost", String.format(Locale.ROOT, "$%.4f", d.costUsd));
        h.append("</table><p class=\"note\">As of the last checkpoint.</p></section>");
    }

    private static void patterns(StringBuilder h, ReportData d) {
        h.append("<section id=\"patterns\"><h2>Top patterns</h2>");
        if (d.patterns.isEmpty()) {
            h.append("<p class=\"empty\">No pattern learned yet.</p></section>");
            return;
        }
        h.append("<table><tr><th>type</th><th>description</th><th>confidence</th><th>potential</th><th>samples</th>"
                + "<th>components</th></tr>");
        for (PerformancePattern p : d.patterns) {
            h.append("<tr><td>").append(p.type()).append("</td><td>").append(Html.escape(p.description()))
                    .append("</td><td>").append(pct(p.confidence())).append("</td><td>")
                    .append(pct(p.improvementPotential())).append("</td><td>").append(p.frequency()).append("</td><td>")
                    .append(Html.escape(String.join(", ", p.components()))).append("</td></tr>");
        }
        h.append("</table></section>");
    }

    private static void suggestions(StringBuilder h, ReportData d) {
        h.append("<section id=\"suggestions\"><h2>Top suggestions</h2>");
        if (d.suggestions.isEmpty()) {
            h.append("<p class=\"empty\">No suggestion yet.</p></section>");
            return;
        }
        h.append("<table><tr><th>priority</th><th>component</th><th>suggestion</th><th>confidence</th>"
                + "<th>expected gain</th><th>status</th></tr>");
        for (Suggestion s : d.suggestions) {
            h.append("<tr><td>").append(s.priority()).append("</td><td>").append(Html.escape(s.targetComponent()))
                    .append("</td><td>").append(Html.escape(s.description())).append("</td><td>")
                    .append(pct(s.confidence())).append("</td><td>").append(pct(s.expectedImprovement()))
                    .append("</td><td>").append(s.status()).append("</td></tr>");
        }
        h.append("</table></section>");
    }

    private static void row(StringBuilder h, String key, String value) {
        h.append("<tr><th>").append(Html.escape(key)).append("</th><td>").append(Html.escape(value)).append("</td></tr>");
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v * 100);
    }

    private static String shorten(String s, int max) {
        String one = s.replace('\n', ' ');
        return one.length() > max ? one.substring(0, max) + "…" : one;
    }

    private static final String CSS = String.join("",
            "body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:980px;color:#222;padding:0 16px}",
            "h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}",
            "table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #eee;text-align:left;",
            "vertical-align:top}table.kv th{font-weight:normal;color:#555}",
            ".empty,.note{color:#777}.grids{display:flex;flex-wrap:wrap;gap:18px}figure{margin:0}",
            "figcaption{font-size:12px;color:#555}",
            "svg text{font:11px system-ui,sans-serif;fill:#444}.axis{stroke:#888}.grid{stroke:#eee}",
            ".candidate{fill:#7a8ca6;opacity:.7}.failed{stroke:#c0392b;stroke-width:1.5}",
            "polyline.best,line.best{fill:none;stroke:#1b7f3b;stroke-width:2.2}",
            "polyline.mean,line.mean{fill:none;stroke:#d68910;stroke-width:1.6;stroke-dasharray:5 3}",
            ".cell.empty{fill:#f2f2f2}.bar{fill:#c0392b}",
            "pre.diff{background:#fafafa;border:1px solid #e5e5e5;padding:8px;overflow:auto;font-size:12px}",
            ".del{background:#fde2e1;color:#8a1f11}.ins{background:#dcf5dd;color:#14532d}");
}
