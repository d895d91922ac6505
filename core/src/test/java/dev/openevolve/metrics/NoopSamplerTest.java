package dev.openevolve.metrics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoopSamplerTest {

    @Test
    void neverSamplesButStillRunsEveryBody() throws Exception {
        MetricsSampler noop = MetricsSampler.noop();
        AtomicInteger runs = new AtomicInteger();
        try (Operation op = noop.start("c", "o")) {
            assertThat(op.sampled()).isFalse();
            op.context("k", "v").fail("ignored");
        }
        noop.run("c", "o", runs::incrementAndGet);
        assertThat(noop.get("c", "o", runs::incrementAndGet)).isEqualTo(2);
        assertThat(noop.call("c", "o", runs::incrementAndGet)).isEqualTo(3);
        assertThat(noop.stats()).isEqualTo(new SamplerStats(0, 0, 0, 0, 0, 0, SamplerStats.NO_ESTIMATE));
        assertThat(noop.flush()).isTrue();
    }

    @Test
    void isOneSharedInstanceThatSurvivesClose() {
        MetricsSampler noop = MetricsSampler.noop();
        noop.close();
        noop.close();
        assertThat(MetricsSampler.noop()).isSameAs(noop);
        assertThat(noop.start("c", "o")).isSameAs(noop.start("c", "o"));
    }

    @Test
    void rethrowsWhatTheBodyThrows() {
        IllegalArgumentException bad = new IllegalArgumentException("bad");
        assertThatThrownBy(() -> MetricsSampler.noop().get("c", "o", () -> {
            throw bad;
        })).isSameAs(bad);
    }

    @Test
    void checksNamesLikeTheRealSampler() {
        assertThatThrownBy(() -> MetricsSampler.noop().start(null, "o")).hasMessage("component");
    }
}
