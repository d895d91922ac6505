package dev.openevolve.analysis;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * How {@link PatternAnalyzer} finds patterns. Immutable; build with {@link #builder()} or take
 * {@link #defaults()} (the seed's thresholds).
 *
 * @param minSamples       a batch (and a component or operation analysed on its own) needs at least
 *                         this many samples to yield patterns; seed default 10
 * @param minConfidence    a pattern is kept only when its confidence is greater than this, in [0, 1];
 *                         seed default 0.7
 * @param eps              DBSCAN radius in standardised feature space; seed default 0.3
 * @param dbscanMinSamples DBSCAN's min_samples (the point itself included); seed default 5
 * @param slowdownFactor   how many times slower (or heavier) than the baseline a cluster, a duration
 *                         mode or a component must be to count as a bottleneck, a slow mode or an
 *                         outlier; greater than 1, default 2
 * @param regressionFactor how many times slower an operation's latest third must be than its
 *                         earliest third to count as a latency regression; greater than 1, default 1.2
 * @param outlierZ         robust z-score (median and MAD of the peers' log medians) a component's
 *                         log median must reach to be out of line with its peers; greater than 0,
 *                         default 3.5 (Iglewicz and Hoaglin)
 * @param maxSampleAge     samples that started longer ago than this (by the analyser's clock) are
 *                         ignored; {@link #UNLIMITED_AGE} (the default) keeps all
 */
public record AnalysisSettings(int minSamples, double minConfidence, double eps, int dbscanMinSamples,
                               double slowdownFactor, double regressionFactor, double outlierZ,
                               Duration maxSampleAge) {

    /** A maximum sample age that never excludes a sample. */
    public static final Duration UNLIMITED_AGE = ChronoUnit.FOREVER.getDuration();

    public AnalysisSettings {
        requireAtLeastOne("minSamples", minSamples);
        requireUnit("minConfidence", minConfidence);
        requirePositive("eps", eps);
        requireAtLeastOne("dbscanMinSamples", dbscanMinSamples);
        requireAboveOne("slowdownFactor", slowdownFactor);
        requireAboveOne("regressionFactor", regressionFactor);
        requirePositive("outlierZ", outlierZ);
        requireAge(maxSampleAge);
    }

    /** The seed's thresholds: 10 samples, confidence 0.7, eps 0.3, DBSCAN min_samples 5. */
    public static AnalysisSettings defaults() {
        return new AnalysisSettings(10, 0.7, 0.3, 5, 2.0, 1.2, 3.5, UNLIMITED_AGE);
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requireAtLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 but was " + value);
        }
    }

    private static void requireUnit(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1] but was " + value);
        }
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and greater than 0 but was " + value);
        }
    }

    private static void requireAboveOne(String name, double value) {
        if (!(value > 1) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and greater than 1 but was " + value);
        }
    }

    private static void requireAge(Duration value) {
        Objects.requireNonNull(value, "maxSampleAge");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("maxSampleAge must be positive but was " + value);
        }
    }

    /** Mutable builder; each setter checks its argument. Not thread safe. */
    public static final class Builder {
        private int minSamples;
        private double minConfidence;
        private double eps;
        private int dbscanMinSamples;
        private double slowdownFactor;
        private double regressionFactor;
        private double outlierZ;
        private Duration maxSampleAge;

        private Builder(AnalysisSettings from) {
            minSamples = from.minSamples;
            minConfidence = from.minConfidence;
            eps = from.eps;
            dbscanMinSamples = from.dbscanMinSamples;
            slowdownFactor = from.slowdownFactor;
            regressionFactor = from.regressionFactor;
            outlierZ = from.outlierZ;
            maxSampleAge = from.maxSampleAge;
        }

        /** See {@link AnalysisSettings#minSamples()}. */
        public Builder minSamples(int value) {
            requireAtLeastOne("minSamples", value);
            minSamples = value;
            return this;
        }

        /** See {@link AnalysisSettings#minConfidence()}. */
        public Builder minConfidence(double value) {
            requireUnit("minConfidence", value);
            minConfidence = value;
            return this;
        }

        /** See {@link AnalysisSettings#eps()}. */
        public Builder eps(double value) {
            requirePositive("eps", value);
            eps = value;
            return this;
        }

        /** See {@link AnalysisSettings#dbscanMinSamples()}. */
        public Builder dbscanMinSamples(int value) {
            requireAtLeastOne("dbscanMinSamples", value);
            dbscanMinSamples = value;
            return this;
        }

        /** See {@link AnalysisSettings#slowdownFactor()}. */
        public Builder slowdownFactor(double value) {
            requireAboveOne("slowdownFactor", value);
            slowdownFactor = value;
            return this;
        }

        /** See {@link AnalysisSettings#regressionFactor()}. */
        public Builder regressionFactor(double value) {
            requireAboveOne("regressionFactor", value);
            regressionFactor = value;
            return this;
        }

        /** See {@link AnalysisSettings#outlierZ()}. */
        public Builder outlierZ(double value) {
            requirePositive("outlierZ", value);
            outlierZ = value;
            return this;
        }

        /** See {@link AnalysisSettings#maxSampleAge()}. */
        public Builder maxSampleAge(Duration value) {
            requireAge(value);
            maxSampleAge = value;
            return this;
        }

        /** The settings. */
        public AnalysisSettings build() {
            return new AnalysisSettings(minSamples, minConfidence, eps, dbscanMinSamples, slowdownFactor,
                    regressionFactor, outlierZ, maxSampleAge);
        }
    }
}
