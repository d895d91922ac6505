package dev.openevolve.loop;

import java.util.Locale;

/** A part of the loop that a feature flag switches on or off at run time. Every feature is on by default. */
public enum Feature {
    /** Storing samples: off, the loop's metrics store drops them (counted). */
    METRICS,
    /** Analysing samples into patterns and suggestions. */
    ANALYSIS,
    /** Evolving code for hot spots. */
    EVOLUTION,
    /** Deploying approved suggestions through the host. */
    DEPLOYMENT,
    /** Validating deployments against their baseline. */
    VALIDATION,
    /** Rolling back degraded deployments automatically. */
    AUTOMATIC_ROLLBACK;

    /** The flag's name in the store and in APIs, for example {@code automatic_rollback}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The feature whose {@link #key()} is {@code key}.
     *
     * @throws IllegalArgumentException naming the known keys when there is none
     */
    public static Feature ofKey(String key) {
        for (Feature f : values()) {
            if (f.key().equals(key)) {
                return f;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Feature f : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(f.key());
        }
        throw new IllegalArgumentException("unknown feature flag '" + key + "'; the flags are " + known);
    }
}
