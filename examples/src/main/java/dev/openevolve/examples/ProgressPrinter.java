package dev.openevolve.examples;

import dev.openevolve.EvolutionListener;
import dev.openevolve.IterationEvent;
import dev.openevolve.spi.Program;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Counts every iteration of a run for a person to follow: {@code iteration 37/200}, rate, ETA, failures so far with
 * the last failure's reason. On a terminal it redraws one progress bar line and keeps improvements above it;
 * otherwise it prints one plain line per iteration. Called from the engine's commit thread only.
 */
final class ProgressPrinter implements EvolutionListener {
    private static final int BAR_WIDTH = 24;
    private static final int REASON_CHARS = 100;

    private final PrintStream out;
    private final boolean terminal;
    private final long lastIteration;
    private long failures;
    private long candidates;
    private long rejected;
    private long iterations;
    private String lastFailure = "";

    ProgressPrinter(PrintStream out, boolean terminal, long lastIteration) {
        this.out = out;
        this.terminal = terminal;
        this.lastIteration = lastIteration;
    }

    @Override
    public void onIteration(IterationEvent e) {
        iterations++;
        String what;
        if (e.program().isEmpty()) {
            failures++;
            lastFailure = e.problems().isEmpty() ? "the model proposed no change" : e.problems().get(0);
            what = "no candidate";
        } else {
            candidates++;
            Program p = e.program().get();
            String failure = p.artifacts().get("failure");
            if (failure != null) {
                failures++;
                lastFailure = failure;
                what = "failed";
            } else if (e.rejected().isPresent()) {
                rejected++;
                what = String.format(Locale.ROOT, "not novel %.4f", p.fitness());
            } else {
                what = String.format(Locale.ROOT, "scored %.6f", p.fitness());
            }
        }
        String line = String.format(Locale.ROOT, "iteration %4d/%d  island %d  %-16s best %.6f%s  %.2f it/s  ETA %s%s",
                e.iteration(), lastIteration, e.island(), what, e.bestFitness(), e.improved() ? "  <- new best" : "",
                e.iterationsPerSecond(), eta(e), (rejected == 0 ? "" : "  rejected as not novel " + rejected)
                        + (failures == 0 ? "" : "  failures " + failures + " (last: " + shorten(lastFailure) + ")"));
        if (!terminal) {
            out.println(line);
            return;
        }
        if (e.improved()) {
            out.print("\r\033[2K");
            out.println(line);
        }
        out.print("\r\033[2K" + bar(e.iteration()) + " " + line);
        if (e.iteration() >= lastIteration) {
            out.println();
        }
        out.flush();
    }

    /** Iterations seen, iterations that produced a candidate, and the last failure's reason ("" for none). */
    long iterations() {
        return iterations;
    }

    long candidates() {
        return candidates;
    }

    /** Evaluated candidates kept out of the population by novelty rejection. */
    long rejected() {
        return rejected;
    }

    String lastFailure() {
        return lastFailure;
    }

    private String eta(IterationEvent e) {
        long left = Math.max(0, lastIteration - e.iteration());
        if (e.iterationsPerSecond() <= 0 || !Double.isFinite(e.iterationsPerSecond())) {
            return "?";
        }
        long seconds = Math.round(left / e.iterationsPerSecond());
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60,
                seconds % 60) : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private String bar(long iteration) {
        int filled = (int) Math.min(BAR_WIDTH, BAR_WIDTH * iteration / Math.max(1, lastIteration));
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
    }

    private static String shorten(String reason) {
        String oneLine = reason.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= REASON_CHARS ? oneLine : oneLine.substring(0, REASON_CHARS - 3) + "...";
    }
}
