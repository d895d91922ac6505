package dev.openevolve.internal.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.ProcessSnapshot;
import dev.openevolve.spi.RunCheckpoint;
import dev.openevolve.spi.SampleBatch;
import dev.openevolve.spi.Settings;
import dev.openevolve.spi.StoreProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MemoryStoreTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static PerformanceSample sample(int i) {
        return new PerformanceSample("c", "op" + i, T0.plusSeconds(i), Duration.ofMillis(1), true, null, Map.of(),
                -1, -1);
    }

    @Test
    void firstAppendedSamplesAreEvictedBeyondTheBoundAndCounted() {
        try (var store = MemoryStore.create(3)) {
            store.metrics().append(new SampleBatch(IntStream.of(4, 0, 2).mapToObj(MemoryStoreTest::sample).toList(),
                    new ProcessSnapshot(T0, 1, 1, 1)));
            store.metrics().append(new SampleBatch(List.of(sample(1), sample(3)), new ProcessSnapshot(T0, 1, 1, 1)));

            assertThat(store.metrics().find(T0, T0.plusSeconds(10), 10)).containsExactly(sample(1), sample(2), sample(3));
            assertThat(store.evictedSamples()).isEqualTo(2);
        }
    }

    @Test
    void onlyTheLatestCheckpointOfARunIsKeptAndAnOlderOneNeverReplacesIt() {
        try (var store = MemoryStore.create()) {
            store.programs().saveCheckpoint(new RunCheckpoint("r", 4, "{\"i\":4}", T0));
            store.programs().saveCheckpoint(new RunCheckpoint("r", 2, "{\"i\":2}", T0));

            assertThat(store.programs().latestCheckpoint("r").orElseThrow().iteration()).isEqualTo(4);
        }
    }

    @Test
    void nonPositiveBoundIsRejectedNamingTheRule() {
        assertThatThrownBy(() -> MemoryStore.create(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max samples must be at least 1 but was 0");
    }

    @Test
    void providerIsFoundByServiceLoaderUnderIdMemory() {
        var ids = ServiceLoader.load(StoreProvider.class).stream().map(p -> p.get().id()).toList();

        assertThat(ids).contains("memory");
    }

    @Test
    void providerHonoursMaxSamples() {
        try (var store = (MemoryStore) new MemoryStoreProvider().open(Settings.of(Map.of("max_samples", "1")))) {
            store.metrics().append(new SampleBatch(List.of(sample(0), sample(1)), new ProcessSnapshot(T0, 1, 1, 1)));

            assertThat(store.metrics().find(T0, T0.plusSeconds(10), 10)).containsExactly(sample(1));
        }
    }

    @Test
    void providerRejectsUnknownSettingsAndBadBounds() {
        var provider = new MemoryStoreProvider();

        assertThatThrownBy(() -> provider.open(Settings.of(Map.of("url", "jdbc:h2:mem:x"))))
                .isInstanceOf(OpenEvolveException.class)
                .hasMessage("store 'memory' does not know the setting(s) [url]; it accepts only 'max_samples'");
        assertThatThrownBy(() -> provider.open(Settings.of(Map.of("max_samples", "-5"))))
                .isInstanceOf(OpenEvolveException.class)
                .hasMessage("setting 'max_samples' must be at least 1 but was -5");
        assertThatThrownBy(() -> provider.open(Settings.of(Map.of("max_samples", "lots"))))
                .isInstanceOf(OpenEvolveException.class)
                .hasMessageContaining("'max_samples' must be an integer but was 'lots'");
    }
}
