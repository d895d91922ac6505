package dev.openevolve.loop;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The versioned settings of the continuous-learning loop: its phase, the validation test's bounds and windows,
 * and the privacy deny-list. Immutable; build with {@link #builder()}, change with {@link #toBuilder()}. Stored
 * as text ({@link #toText()}, one {@code key = value} per line) in the store's configuration versions. The HMAC
 * key of the privacy filter is a secret and never part of the settings.
 *
 * @param phase                  the rollout phase
 * @param alpha                  the family-wise significance level of deployment validation: each of its two
 *                               tests runs at {@code alpha / 2}, so a deployment that changed nothing is rolled
 *                               back with probability at most {@code alpha}
 * @param minSamples             the fewest samples the baseline and the fresh window each need before a verdict
 * @param maxLatencyIncrease     the relative increase of median latency tolerated before a significant slowdown
 *                               counts as degradation (0.1 = 10 %)
 * @param maxFailureRateIncrease the absolute increase of the failure rate tolerated (0.02 = 2 points)
 * @param baselineWindow         how far before a deployment the baseline samples reach
 * @param validationTimeout      how long after a deployment validation keeps waiting for a clear verdict
 * @param validationInterval     how often a pending validation looks at the fresh samples
 * @param analysisWindow         how far back analysis reads samples
 * @param deniedContextKeys      sample context keys that never reach the store unprotected (compared ignoring case)
 * @param privacyMode            what happens to a denied key's value
 */
public record LoopSettings(Phase phase, double alpha, int minSamples, double maxLatencyIncrease,
                           double maxFailureRateIncrease, Duration baselineWindow, Duration validationTimeout,
                           Duration validationInterval, Duration analysisWindow, Set<String> deniedContextKeys,
                           PrivacyMode privacyMode) {

    /** What the privacy filter does with the value of a denied context key. */
    public enum PrivacyMode {
        /** The key and its value are dropped. */
        DROP,
        /** The value is replaced by its keyed HMAC-SHA256, so equal values stay equal but cannot be read. */
        HASH
    }

    public LoopSettings {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(baselineWindow, "baselineWindow");
        Objects.requireNonNull(validationTimeout, "validationTimeout");
        Objects.requireNonNull(validationInterval, "validationInterval");
        Objects.requireNonNull(analysisWindow, "analysisWindow");
        Objects.requireNonNull(privacyMode, "privacyMode");
        TreeSet<String> keys = new TreeSet<>();
        for (String k : Objects.requireNonNull(deniedContextKeys, "deniedContextKeys")) {
            keys.add(Objects.requireNonNull(k, "denied context key").toLowerCase(Locale.ROOT));
        }
        deniedContextKeys = Set.copyOf(keys);
        List<String> problems = problems(alpha, minSamples, maxLatencyIncrease, maxFailureRateIncrease,
                baselineWindow, validationTimeout, validationInterval, analysisWindow);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private static List<String> problems(double alpha, int minSamples, double maxLatencyIncrease,
                                         double maxFailureRateIncrease, Duration baselineWindow,
                                         Duration validationTimeout, Duration validationInterval,
                                         Duration analysisWindow) {
        List<String> p = new ArrayList<>();
        if (!(alpha > 0 && alpha < 0.5)) {
            p.add("alpha must be greater than 0 and less than 0.5 but was " + alpha);
        }
        if (minSamples < 5) {
            p.add("min_samples must be at least 5 but was " + minSamples);
        }
        if (!(maxLatencyIncrease >= 0) || Double.isInfinite(maxLatencyIncrease)) {
            p.add("max_latency_increase must be a finite number of at least 0 but was " + maxLatencyIncrease);
        }
        if (!(maxFailureRateIncrease >= 0 && maxFailureRateIncrease < 1)) {
            p.add("max_failure_rate_increase must be in [0, 1) but was " + maxFailureRateIncrease);
        }
        positive(p, "baseline_window", baselineWindow);
        positive(p, "validation_timeout", validationTimeout);
        positive(p, "validation_interval", validationInterval);
        positive(p, "analysis_window", analysisWindow);
        return p;
    }

    private static void positive(List<String> problems, String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            problems.add(key + " must be a positive duration but was " + d);
        }
    }

    /** The defaults: phase 2, alpha 0.05, 30 samples, 10 % latency, 2 points of failures, windows of minutes. */
    public static LoopSettings defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** These settings as {@code key = value} lines, in a fixed order; {@link #fromText} reads them back. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        asMap().forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        return sb.toString();
    }

    private Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("phase", Integer.toString(phase.number()));
        m.put("alpha", Double.toString(alpha));
        m.put("min_samples", Integer.toString(minSamples));
        m.put("max_latency_increase", Double.toString(maxLatencyIncrease));
        m.put("max_failure_rate_increase", Double.toString(maxFailureRateIncrease));
        m.put("baseline_window", baselineWindow.toString());
        m.put("validation_timeout", validationTimeout.toString());
        m.put("validation_interval", validationInterval.toString());
        m.put("analysis_window", analysisWindow.toString());
        m.put("privacy.denied_keys", String.join(",", new TreeSet<>(deniedContextKeys)));
        m.put("privacy.mode", privacyMode.name().toLowerCase(Locale.ROOT));
        return m;
    }

    /**
     * Reads settings written by {@link #toText()}; keys left out keep their defaults. Blank lines and lines
     * starting with {@code #} are skipped.
     *
     * @throws LoopException listing every unknown key, malformed line and invalid value at once
     */
    public static LoopSettings fromText(String text) {
        Objects.requireNonNull(text, "text");
        Builder b = builder();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                problems.add("line " + (i + 1) + " '" + line + "' is not 'key = value'");
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            try {
                b.set(key, value);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                problems.add("line " + (i + 1) + ": " + key + " was '" + value + "' but " + e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            try {
                return b.build();
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        throw new LoopException("loop settings are invalid: " + String.join("; ", problems));
    }

    /** Builds {@link LoopSettings}. Not thread safe. */
    public static final class Builder {
        private Phase phase = Phase.SUGGESTIONS;
        private double alpha = 0.05;
        private int minSamples = 30;
        private double maxLatencyIncrease = 0.10;
        private double maxFailureRateIncrease = 0.02;
        private Duration baselineWindow = Duration.ofMinutes(15);
        private Duration validationTimeout = Duration.ofMinutes(15);
        private Duration validationInterval = Duration.ofSeconds(5);
        private Duration analysisWindow = Duration.ofHours(24);
        private Set<String> deniedContextKeys = Set.of();
        private PrivacyMode privacyMode = PrivacyMode.HASH;

        private Builder() {
        }

        private Builder(LoopSettings s) {
            phase = s.phase;
            alpha = s.alpha;
            minSamples = s.minSamples;
            maxLatencyIncrease = s.maxLatencyIncrease;
            maxFailureRateIncrease = s.maxFailureRateIncrease;
            baselineWindow = s.baselineWindow;
            validationTimeout = s.validationTimeout;
            validationInterval = s.validationInterval;
            analysisWindow = s.analysisWindow;
            deniedContextKeys = s.deniedContextKeys;
            privacyMode = s.privacyMode;
        }

        private void set(String key, String value) {
            switch (key) {
                case "phase" -> phase(Phase.of(parseInt(value)));
                case "alpha" -> alpha(Double.parseDouble(value));
                case "min_samples" -> minSamples(parseInt(value));
                case "max_latency_increase" -> maxLatencyIncrease(Double.parseDouble(value));
                case "max_failure_rate_increase" -> maxFailureRateIncrease(Double.parseDouble(value));
                case "baseline_window" -> baselineWindow(Duration.parse(value));
                case "validation_timeout" -> validationTimeout(Duration.parse(value));
                case "validation_interval" -> validationInterval(Duration.parse(value));
                case "analysis_window" -> analysisWindow(Duration.parse(value));
                case "privacy.denied_keys" -> {
                    Set<String> keys = new TreeSet<>();
                    for (String k : value.split(",")) {
                        if (!k.isBlank()) {
                            keys.add(k.strip());
                        }
                    }
                    deniedContextKeys(keys);
                }
                case "privacy.mode" -> privacyMode(PrivacyMode.valueOf(value.toUpperCase(Locale.ROOT)));
                default -> throw new IllegalArgumentException("it is not a loop setting; the settings are "
                        + new LoopSettings.Builder().build().asMap().keySet());
            }
        }

        private static int parseInt(String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("it must be a whole number");
            }
        }

        /** The rollout phase; default {@link Phase#SUGGESTIONS}. */
        public Builder phase(Phase phase) {
            this.phase = Objects.requireNonNull(phase, "phase");
            return this;
        }

        /** Family-wise significance level in (0, 0.5); default 0.05. */
        public Builder alpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /** Samples needed on each side of a deployment, at least 5; default 30. */
        public Builder minSamples(int minSamples) {
            this.minSamples = minSamples;
            return this;
        }

        /** Tolerated relative increase of median latency; default 0.10. */
        public Builder maxLatencyIncrease(double increase) {
            this.maxLatencyIncrease = increase;
            return this;
        }

        /** Tolerated absolute increase of the failure rate; default 0.02. */
        public Builder maxFailureRateIncrease(double increase) {
            this.maxFailureRateIncrease = increase;
            return this;
        }

        /** How far before a deployment the baseline reaches; default 15 minutes. */
        public Builder baselineWindow(Duration window) {
            this.baselineWindow = Objects.requireNonNull(window, "baselineWindow");
            return this;
        }

        /** How long validation waits for a clear verdict; default 15 minutes. */
        public Builder validationTimeout(Duration timeout) {
            this.validationTimeout = Objects.requireNonNull(timeout, "validationTimeout");
            return this;
        }

        /** How often pending validation looks again; default 5 seconds. */
        public Builder validationInterval(Duration interval) {
            this.validationInterval = Objects.requireNonNull(interval, "validationInterval");
            return this;
        }

        /** How far back analysis reads; default 24 hours. */
        public Builder analysisWindow(Duration window) {
            this.analysisWindow = Objects.requireNonNull(window, "analysisWindow");
            return this;
        }

        /** Context keys the privacy filter protects; default none. */
        public Builder deniedContextKeys(Set<String> keys) {
            this.deniedContextKeys = Set.copyOf(Objects.requireNonNull(keys, "deniedContextKeys"));
            return this;
        }

        /** What happens to a denied key; default {@link PrivacyMode#HASH}. */
        public Builder privacyMode(PrivacyMode mode) {
            this.privacyMode = Objects.requireNonNull(mode, "privacyMode");
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException naming every value out of range
         */
        public LoopSettings build() {
            return new LoopSettings(phase, alpha, minSamples, maxLatencyIncrease, maxFailureRateIncrease,
                    baselineWindow, validationTimeout, validationInterval, analysisWindow, deniedContextKeys,
                    privacyMode);
        }
    }
}
