package dev.openevolve.micrometer;

import dev.openevolve.Controller;
import dev.openevolve.EvolutionListener;
import dev.openevolve.IterationEvent;
import dev.openevolve.metrics.MetricsSampler;
import dev.openevolve.metrics.SamplerStats;
import dev.openevolve.spi.RunCheckpoint;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * Exposes OpenEvolve's own counters to a host's Micrometer {@link MeterRegistry}, read when the registry
 * publishes (nothing is added to the host's hot path):
 *
 * <ul>
 *   <li>with a {@linkplain Builder#sampler sampler}: {@code openevolve.sampler.recorded}, {@code .dropped},
 *       {@code .flushed}, {@code .flush.failures} (counters) and {@code openevolve.sampler.buffered},
 *       {@code .rate}, {@code .overhead.percent} (gauges; the overhead is NaN until estimated);</li>
 *   <li>as the {@link EvolutionListener} registered on the controller's builder:
 *       {@code openevolve.evolution.iterations}, {@code .improvements}, {@code .candidates.failed},
 *       {@code .checkpoints} (counters) and {@code openevolve.evolution.best.score} (gauge, NaN before the first
 *       iteration);</li>
 *   <li>once {@linkplain #attach attached} to the built controller: {@code openevolve.llm.tokens} and
 *       {@code openevolve.llm.cost.usd} (counters) and {@code openevolve.evolution.running} (gauge, 1 while a run
 *       or cycle runs); zero before.</li>
 * </ul>
 * The evolution and model meters carry the tag {@code run} when a {@linkplain Builder#runId run id} is given.
 *
 * <pre>{@code
 * var meters = OpenEvolveMeterBinder.builder().sampler(sampler).runId("checkout-tuning").build();
 * var controller = Controller.builder()...runId("checkout-tuning").listener(meters).build();
 * meters.attach(controller);
 * meters.bindTo(registry);
 * }</pre>
 *
 * <p>Thread safe. The registry keeps the binder, and so the sampler and controller, reachable through its
 * meters: remove the meters from the registry when those are closed.
 */
public final class OpenEvolveMeterBinder implements MeterBinder, EvolutionListener {
    private final MetricsSampler sampler;
    private final AtomicReference<Controller> controller = new AtomicReference<>();
    private final Tags tags;
    private final Tags runTags;
    private final AtomicLong iterations = new AtomicLong();
    private final AtomicLong improvements = new AtomicLong();
    private final AtomicLong failedCandidates = new AtomicLong();
    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicReference<Double> bestScore = new AtomicReference<>(Double.NaN);
    private OpenEvolveMeterBinder(Builder b) {
        this.sampler = b.sampler;
        this.tags = b.tags;
        this.runTags = b.runId == null ? b.tags : b.tags.and(Tag.of("run", b.runId));
    }

    /** A builder; every part is optional. */
    public static Builder builder() {
        return new Builder();
    }

    /** Makes the model-usage and running meters read {@code controller}; call it once the controller is built. */
    public void attach(Controller controller) {
        Objects.requireNonNull(controller, "controller");
        if (!this.controller.compareAndSet(null, controller)) {
            throw new IllegalStateException("a controller is attached already");
        }
    }

    @Override
    public void onIteration(IterationEvent e) {
        iterations.incrementAndGet();
        if (e.improved()) {
            improvements.incrementAndGet();
        }
        if (e.program().map(p -> p.artifacts().containsKey("failure")).orElse(false)) {
            failedCandidates.incrementAndGet();
        }
        bestScore.set(e.bestFitness());
    }

    @Override
    public void onCheckpoint(RunCheckpoint checkpoint) {
        checkpoints.incrementAndGet();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (sampler != null) {
            samplerCounter(registry, "openevolve.sampler.recorded", "sampled operations that entered the buffer",
                    SamplerStats::recorded);
            samplerCounter(registry, "openevolve.sampler.dropped", "sampled operations dropped on a full buffer",
                    SamplerStats::dropped);
            samplerCounter(registry, "openevolve.sampler.flushed", "samples the store accepted", SamplerStats::flushed);
            samplerCounter(registry, "openevolve.sampler.flush.failures", "failed writes to the store",
                    SamplerStats::flushFailures);
            samplerGauge(registry, "openevolve.sampler.buffered", "samples waiting for the store", SamplerStats::buffered);
            samplerGauge(registry, "openevolve.sampler.rate", "the sampling rate in force", SamplerStats::effectiveRate);
            samplerGauge(registry, "openevolve.sampler.overhead.percent",
                    "estimated sampler cost in percent of the measured operations' time",
                    s -> s.hasOverheadEstimate() ? s.estimatedOverheadPercent() : Double.NaN);
        }
        FunctionCounter.builder("openevolve.llm.tokens", controller, c -> c.get() == null ? 0
                        : c.get().tokenUsage().total())
                .description("tokens the run's model calls consumed").tags(runTags).register(registry);
        FunctionCounter.builder("openevolve.llm.cost.usd", controller, c -> c.get() == null ? 0 : c.get().costUsd())
                .description("what the run's model calls cost, in US dollars").tags(runTags).register(registry);
        Gauge.builder("openevolve.evolution.running", controller, c -> c.get() != null && c.get().isRunning() ? 1 : 0)
                .description("1 while a run or cycle is in progress").tags(runTags).register(registry);
        counter(registry, "openevolve.evolution.iterations", "completed iterations", iterations, runTags);
        counter(registry, "openevolve.evolution.improvements", "iterations that found a new best program",
                improvements, runTags);
        counter(registry, "openevolve.evolution.candidates.failed", "candidates whose evaluation failed",
                failedCandidates, runTags);
        counter(registry, "openevolve.evolution.checkpoints", "checkpoints written", checkpoints, runTags);
        Gauge.builder("openevolve.evolution.best.score", bestScore, AtomicReference::get)
                .description("the best program's score").tags(runTags).register(registry);
    }

    private void samplerCounter(MeterRegistry registry, String name, String description,
                                ToDoubleFunction<SamplerStats> value) {
        FunctionCounter.builder(name, sampler, s -> value.applyAsDouble(s.stats())).description(description)
                .tags(tags).register(registry);
    }

    private void samplerGauge(MeterRegistry registry, String name, String description,
                              ToDoubleFunction<SamplerStats> value) {
        Gauge.builder(name, sampler, s -> value.applyAsDouble(s.stats())).description(description).tags(tags)
                .register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, AtomicLong value, Tags tags) {
        FunctionCounter.builder(name, value, AtomicLong::get).description(description).tags(tags).register(registry);
    }

    /** Builds an {@link OpenEvolveMeterBinder}. Not thread safe. */
    public static final class Builder {
        private MetricsSampler sampler;
        private String runId;
        private Tags tags = Tags.empty();

        private Builder() {
        }

        /** The sampler whose counters to expose. */
        public Builder sampler(MetricsSampler sampler) {
            this.sampler = Objects.requireNonNull(sampler, "sampler");
            return this;
        }

        /** The run id, tagged {@code run} on the evolution and model meters. */
        public Builder runId(String runId) {
            this.runId = Objects.requireNonNull(runId, "runId");
            return this;
        }

        /** Tags added to every meter. */
        public Builder tags(Iterable<Tag> tags) {
            this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
            return this;
        }

        /** The binder. */
        public OpenEvolveMeterBinder build() {
            return new OpenEvolveMeterBinder(this);
        }
    }
}
