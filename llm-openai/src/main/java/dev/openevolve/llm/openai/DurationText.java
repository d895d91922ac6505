package dev.openevolve.llm.openai;

import java.time.Duration;
import java.util.Locale;

/** Shows durations the way messages in this module do: {@code 1.5 s}, {@code 250 ms}. */
final class DurationText {
    private DurationText() {
    }

    static String show(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        double seconds = millis / 1000.0;
        return (seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.format(Locale.ROOT, "%.1f", seconds)) + " s";
    }
}
