package dev.openevolve.loop;

import dev.openevolve.spi.MetricsStore;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.SampleBatch;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link MetricsStore} decorator that keeps denied context keys out of the store: each sample's context keys
 * on the deny-list (compared ignoring case) are dropped, or their values replaced by
 * {@code hmac-sha256:<hex>}, the keyed HMAC-SHA256 of the value, so equal values still group together while the
 * value itself cannot be read or guessed without the key. The deny-list and mode are read from the current
 * settings on every batch, so a settings change applies at once. The key is never printed.
 *
 * <p>Thread safe.
 */
public final class PrivacyFilter implements MetricsStore {
    /** The prefix of a hashed value. */
    public static final String HASH_PREFIX = "hmac-sha256:";
    private static final int MIN_KEY_BYTES = 16;

    private final MetricsStore delegate;
    private final Supplier<LoopSettings> settings;
    private final SecretKeySpec key;

    /**
     * @param delegate where the filtered samples go
     * @param settings the current deny-list and mode
     * @param hmacKey  the secret key, at least 16 bytes; may be {@code null} only if no settings ever ask to hash
     * @throws IllegalArgumentException when the key is shorter than 16 bytes
     */
    public PrivacyFilter(MetricsStore delegate, Supplier<LoopSettings> settings, byte[] hmacKey) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (hmacKey != null && hmacKey.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the privacy HMAC key must have at least " + MIN_KEY_BYTES
                    + " bytes but had " + hmacKey.length);
        }
        this.key = hmacKey == null ? null : new SecretKeySpec(hmacKey, "HmacSHA256");
    }

    @Override
    public void append(SampleBatch batch) {
        Objects.requireNonNull(batch, "batch");
        LoopSettings s = settings.get();
        if (s.deniedContextKeys().isEmpty()) {
            delegate.append(batch);
            return;
        }
        Mac mac = s.privacyMode() == LoopSettings.PrivacyMode.HASH ? mac() : null;
        List<PerformanceSample> filtered = new ArrayList<>(batch.samples().size());
        for (PerformanceSample sample : batch.samples()) {
            filtered.add(filter(sample, s, mac));
        }
        delegate.append(new SampleBatch(filtered, batch.process()));
    }

    @Override
    public List<PerformanceSample> find(Instant from, Instant to, int limit) {
        return delegate.find(from, to, limit);
    }

    private static PerformanceSample filter(PerformanceSample sample, LoopSettings s, Mac mac) {
        if (sample.context().isEmpty()) {
            return sample;
        }
        Map<String, String> context = new LinkedHashMap<>();
        boolean changed = false;
        for (Map.Entry<String, String> e : sample.context().entrySet()) {
            if (!s.deniedContextKeys().contains(e.getKey().toLowerCase(Locale.ROOT))) {
                context.put(e.getKey(), e.getValue());
            } else {
                changed = true;
                if (mac != null) {
                    context.put(e.getKey(), HASH_PREFIX
                            + HexFormat.of().formatHex(mac.doFinal(e.getValue().getBytes(StandardCharsets.UTF_8))));
                }
            }
        }
        return changed ? new PerformanceSample(sample.component(), sample.operation(), sample.start(),
                sample.duration(), sample.success(), sample.errorMessage(), context, sample.allocatedBytes(),
                sample.cpuNanos()) : sample;
    }

    private Mac mac() {
        if (key == null) {
            throw new LoopException("privacy mode 'hash' needs an HMAC key; give the loop one (privacyKey) or use"
                    + " privacy.mode = drop");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "PrivacyFilter[" + delegate + ", key=" + (key == null ? "none" : "****") + "]";
    }
}
