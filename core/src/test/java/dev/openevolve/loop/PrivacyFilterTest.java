package dev.openevolve.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.ProcessSnapshot;
import dev.openevolve.spi.SampleBatch;
import dev.openevolve.internal.store.memory.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PrivacyFilterTest {
    private static final Instant T0 = Instant.parse("2026-02-02T00:00:00Z");
    private static final byte[] KEY = "a secret key of 32 bytes length!".getBytes(StandardCharsets.UTF_8);

    @Test
    void deniedValuesBecomeTheirKeyedHmacEqualValuesStayEqual() throws Exception {
        try (var store = MemoryStore.create()) {
            var settings = LoopSettings.builder().deniedContextKeys(Set.of("EMAIL", "ip")).build();
            var filter = new PrivacyFilter(store.metrics(), () -> settings, KEY);
            filter.append(batch(Map.of("email", "bob@example.com", "IP", "10.0.0.7", "plan", "gold"),
                    Map.of("Email", "bob@example.com")));

            var stored = store.metrics().find(T0, T0.plusSeconds(1), 10);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            String expected = "hmac-sha256:" + HexFormat.of().formatHex(
                    mac.doFinal("bob@example.com".getBytes(StandardCharsets.UTF_8)));
            assertThat(stored.get(0).context()).containsEntry("email", expected).containsEntry("plan", "gold");
            assertThat(stored.get(0).context().get("IP")).startsWith("hmac-sha256:").doesNotContain("10.0.0.7");
            assertThat(stored.get(1).context()).containsEntry("Email", expected);
        }
    }

    @Test
    void anotherKeyGivesAnotherHash() {
        try (var a = MemoryStore.create(); var b = MemoryStore.create()) {
            var settings = LoopSettings.builder().deniedContextKeys(Set.of("user")).build();
            byte[] other = KEY.clone();
            other[0] ^= 1;
            new PrivacyFilter(a.metrics(), () -> settings, KEY).append(batch(Map.of("user", "u-1")));
            new PrivacyFilter(b.metrics(), () -> settings, other).append(batch(Map.of("user", "u-1")));

            assertThat(a.metrics().find(T0, T0.plusSeconds(1), 1).get(0).context().get("user"))
                    .isNotEqualTo(b.metrics().find(T0, T0.plusSeconds(1), 1).get(0).context().get("user"));
        }
    }

    @Test
    void dropModeRemovesTheKeyAndTheSettingsInForceApplyToEachBatch() {
        try (var store = MemoryStore.create()) {
            var current = new java.util.concurrent.atomic.AtomicReference<>(LoopSettings.defaults());
            var filter = new PrivacyFilter(store.metrics(), current::get, null);
            filter.append(batch(Map.of("card", "4111", "plan", "gold")));
            current.set(LoopSettings.builder().deniedContextKeys(Set.of("card"))
                    .privacyMode(LoopSettings.PrivacyMode.DROP).build());
            filter.append(batch(Map.of("card", "4111", "plan", "gold")));

            var stored = store.metrics().find(T0, T0.plusSeconds(1), 10);
            assertThat(stored.get(0).context()).containsEntry("card", "4111");
            assertThat(stored.get(1).context()).containsOnlyKeys("plan");
        }
    }

    @Test
    void hashingWithoutAKeyOrWithAShortKeyIsRefusedAndTheKeyIsNeverPrinted() {
        try (var store = MemoryStore.create()) {
            var settings = LoopSettings.builder().deniedContextKeys(Set.of("user")).build();
            var keyless = new PrivacyFilter(store.metrics(), () -> settings, null);
            assertThatThrownBy(() -> keyless.append(batch(Map.of("user", "u")))).isInstanceOf(LoopException.class)
                    .hasMessageContaining("needs an HMAC key");
            assertThat(store.metrics().find(T0, T0.plusSeconds(1), 1)).isEmpty();
            assertThatThrownBy(() -> new PrivacyFilter(store.metrics(), () -> settings, new byte[8]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16 bytes but had 8");
            assertThat(new PrivacyFilter(store.metrics(), () -> settings, KEY).toString())
                    .contains("****").doesNotContain("secret");
        }
    }

    @SafeVarargs
    private static SampleBatch batch(Map<String, String>... contexts) {
        var samples = new java.util.ArrayList<PerformanceSample>();
        for (int i = 0; i < contexts.length; i++) {
            samples.add(new PerformanceSample("shop", "price", T0.plusMillis(i), Duration.ofMillis(1), true, null,
                    contexts[i], -1, -1));
        }
        return new SampleBatch(List.copyOf(samples), new ProcessSnapshot(T0, 1, -1, -1));
    }
}
