package dev.openevolve.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Flat, immutable string options handed to a provider when it creates its component
 * (for example {@code base_url}, {@code api_key}, {@code url}, {@code timeout_seconds}).
 *
 * <p>Values whose key looks secret ({@code key}, {@code password}, {@code secret}, {@code token})
 * are masked by {@link #toString()}. Typed getters fail with a message naming the key, the rule and
 * the rejected value. Thread safe.
 */
public final class Settings {
    private static final Pattern SECRET_KEY = Pattern.compile("(?i)(.*[_.-])?(api_?key|key|password|passwd|secret|token|credentials?)([_.-].*)?");
    private static final Settings EMPTY = new Settings(Map.of());

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Settings holding a copy of {@code values}; null keys or values are rejected. */
    public static Settings of(Map<String, String> values) {
        Objects.requireNonNull(values, "values");
        values.forEach((k, v) -> {
            Objects.requireNonNull(k, "settings key");
            Objects.requireNonNull(v, () -> "settings value of '" + k + "'");
        });
        return values.isEmpty() ? EMPTY : new Settings(values);
    }

    /** Settings with no option at all. */
    public static Settings empty() {
        return EMPTY;
    }

    /** A copy with {@code key} set to {@code value}. */
    public Settings with(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        var copy = new TreeMap<>(values);
        copy.put(key, value);
        return new Settings(copy);
    }

    /** The raw value of {@code key}, if present. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value of {@code key}, or {@code fallback}. */
    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /** The value of {@code key}; fails naming the key when absent or blank. */
    public String require(String key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new OpenEvolveException("setting '" + key + "' is required but was " + (v == null ? "absent" : "blank"));
        }
        return v;
    }

    /** The integer value of {@code key}, or {@code fallback} when absent. */
    public int getInt(String key, int fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new OpenEvolveException("setting '" + key + "' must be an integer but was '" + shown(key, v) + "'");
        }
    }

    /** The decimal value of {@code key}, or {@code fallback} when absent. */
    public double getDouble(String key, double fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new OpenEvolveException("setting '" + key + "' must be a finite number but was '" + shown(key, v) + "'");
        }
    }

    /** The boolean value of {@code key} ({@code true}/{@code false}), or {@code fallback} when absent. */
    public boolean getBoolean(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new OpenEvolveException("setting '" + key + "' must be true or false but was '" + shown(key, v) + "'");
        };
    }

    /** A duration given in (possibly fractional) seconds under {@code key}, or {@code fallback}. */
    public Duration getSeconds(String key, Duration fallback) {
        if (!values.containsKey(key)) {
            return fallback;
        }
        double s = getDouble(key, 0);
        if (s < 0) {
            throw new OpenEvolveException("setting '" + key + "' must not be negative but was '" + values.get(key) + "'");
        }
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    /** An unmodifiable view of every option, secrets included: never log it. */
    public Map<String, String> asMap() {
        return values;
    }

    /** Whether {@code key} names a secret that must never be printed. */
    public static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key).matches();
    }

    private static String shown(String key, String value) {
        return isSecretKey(key) ? "****" : value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings s && s.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** The options in key order, secret values replaced by {@code ****}. */
    @Override
    public String toString() {
        var sb = new StringBuilder("Settings{");
        var sorted = new TreeMap<>(values);
        var first = true;
        for (var e : sorted.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(e.getKey()).append('=').append(shown(e.getKey(), e.getValue()));
        }
        return sb.append('}').toString();
    }
}
