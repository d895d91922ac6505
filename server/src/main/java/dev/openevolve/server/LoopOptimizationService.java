package dev.openevolve.server;

import dev.openevolve.loop.EvolutionTarget;
import dev.openevolve.loop.Feature;
import dev.openevolve.loop.LoopException;
import dev.openevolve.loop.LoopState;
import dev.openevolve.loop.OptimizationLoop;
import dev.openevolve.loop.Phase;
import dev.openevolve.loop.SuggestionQuery;
import dev.openevolve.metrics.SamplerStats;
import dev.openevolve.report.RunReport;
import dev.openevolve.spi.AuditEntry;
import dev.openevolve.spi.LoopEvent;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.Store;
import dev.openevolve.spi.Suggestion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The {@link OptimizationService} over an {@link OptimizationLoop}: suggestions, decisions (the loop's state
 * machine and suggestion history, with the API token's name as the actor), feature flags (stored by the loop)
 * and events (the loop's event log) are the loop's; the audit trail and the run report are read from and
 * written to the loop's {@link Store}.
 *
 * <p>{@code trigger-evolution} publishes the loop's {@code codebase_analysis_complete} event for one of the
 * {@link Builder#target evolution targets} given to the builder (registered with the loop); the loop evolves it
 * in its event thread. Without targets the service serves a metrics-only host and refuses triggers with
 * {@code NOT_FOUND}.
 *
 * <p>Thread safe. Closes nothing: the host owns the loop and the store.
 */
public final class LoopOptimizationService implements OptimizationService {
    /** The most samples one performance-metrics query reads. */
    public static final int MAX_SAMPLES = 200_000;

    private final OptimizationLoop loop;
    private final Store store;
    private final String runId;
    private final Clock clock;
    private final Map<String, EvolutionTarget> targets;

    private LoopOptimizationService(Builder b) {
        this.loop = b.loop;
        this.store = b.store;
        this.runId = b.runId;
        this.clock = b.clock;
        this.targets = Map.copyOf(b.targets);
        targets.values().forEach(loop::registerTarget);
    }

    /** A builder; the loop and its store are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<Suggestion> suggestions(Optional<String> component, Optional<String> operation, Instant from,
                                        Instant to) {
        return loop.suggestions(new SuggestionQuery(null, component.orElse(null), operation.orElse(null))).stream()
                .filter(s -> !s.createdAt().isBefore(from) && s.createdAt().isBefore(to))
                .toList();
    }

    @Override
    public void triggerEvolution(String component, String operation) {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(operation, "operation");
        String key = component + "/" + operation;
        if (!targets.containsKey(key)) {
            throw new ServiceException(ServiceException.Reason.NOT_FOUND, "there is no evolution target " + key
                    + (targets.isEmpty() ? "; this server evolves nothing (metrics only)"
                    : "; the targets are " + new TreeMap<>(targets).keySet()));
        }
        Phase phase = loop.phase();
        if (!phase.includes(Phase.MANUAL_APPROVAL)) {
            throw new ServiceException(ServiceException.Reason.CONFLICT, "evolution needs phase "
                    + Phase.MANUAL_APPROVAL.number() + " or later; the loop is in phase " + phase.number());
        }
        if (!loop.enabled(Feature.EVOLUTION)) {
            throw new ServiceException(ServiceException.Reason.CONFLICT, "flag '" + Feature.EVOLUTION.key()
                    + "' is off");
        }
        if (!loop.codebaseAnalysisComplete(component, operation)) {
            throw new ServiceException(ServiceException.Reason.UNAVAILABLE,
                    "the loop's event queue is full; retry later");
        }
    }

    @Override
    public List<MetricSummary> performanceMetrics(Optional<String> component, Instant from, Instant to) {
        var groups = new TreeMap<String, List<PerformanceSample>>();
        for (PerformanceSample s : loop.metricsStore().find(from, to, MAX_SAMPLES)) {
            if (component.map(c -> c.equals(s.component())).orElse(true)) {
                groups.computeIfAbsent(s.component() + "\u0000" + s.operation(), k -> new ArrayList<>()).add(s);
            }
        }
        var result = new ArrayList<MetricSummary>();
        for (var samples : groups.values()) {
            double[] ms = samples.stream().mapToDouble(s -> s.duration().toNanos() / 1e6).sorted().toArray();
            int rank = (int) Math.ceil(0.95 * ms.length) - 1;
            result.add(new MetricSummary(samples.get(0).component(), samples.get(0).operation(), ms.length,
                    samples.stream().filter(s -> !s.success()).count(),
                    Arrays.stream(ms).average().orElse(0), ms[Math.max(0, rank)], ms[ms.length - 1]));
        }
        return result;
    }

    @Override
    public Suggestion decide(String id, Decision decision, String actor, String reason) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        if (loop.suggestion(id).isEmpty()) {
            throw new ServiceException(ServiceException.Reason.NOT_FOUND, "there is no suggestion '" + id + "'");
        }
        try {
            return switch (decision) {
                case APPROVE -> loop.approve(id, actor, reason);
                case REJECT -> loop.reject(id, actor, reason);
                case ROLLBACK -> loop.rollback(id, actor, reason);
            };
        } catch (LoopException e) {
            throw new ServiceException(ServiceException.Reason.CONFLICT, e.getMessage());
        }
    }

    @Override
    public Map<String, Boolean> flags() {
        var result = new TreeMap<String, Boolean>();
        loop.flags().forEach((f, on) -> result.put(f.key(), on));
        return result;
    }

    @Override
    public Map<String, Boolean> setFlag(String name, boolean enabled, String actor) {
        Objects.requireNonNull(name, "name");
        Feature feature;
        try {
            feature = Feature.ofKey(name);
        } catch (IllegalArgumentException e) {
            throw new ServiceException(ServiceException.Reason.NOT_FOUND, e.getMessage());
        }
        loop.setFlag(feature, enabled, actor);
        return flags();
    }

    @Override
    public List<LoopEvent> events(long afterSequence, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative but was " + limit);
        }
        return loop.events(afterSequence, limit);
    }

    @Override
    public Health health() {
        var parts = new LinkedHashMap<String, Health.Component>();
        parts.put("loop", loopHealth(loop.state()));
        parts.put("store", storeHealth());
        parts.put("sampler", samplerHealth(loop.sampler().stats()));
        if (targets.isEmpty()) {
            parts.put("model", absent("no evolution target: this server serves metrics and suggestions only"));
            parts.put("evaluator_pool", absent("no evolution target: this server serves metrics and suggestions only"));
        } else {
            // not probed: a call to a paid model would cost tokens on every health check
            parts.put("model", new Health.Component("CONFIGURED", new TreeMap<>(targets).values().stream()
                    .map(t -> t.model().map(m -> (t.component() + "/" + t.operation()) + " " + m.getClass().getSimpleName())
                            .orElse((t.component() + "/" + t.operation()) + " " + t.config().llm().models().stream()
                                    .map(m -> m.provider() + ":" + m.name()).collect(Collectors.joining(", "))))
                    .collect(Collectors.joining("; "))));
            parts.put("evaluator_pool", new Health.Component(Health.Component.UP, new TreeMap<>(targets).values()
                    .stream().map(t -> (t.component() + "/" + t.operation()) + " parallelism " + t.config().evaluation().parallelism())
                    .collect(Collectors.joining("; "))));
        }
        return new Health(parts);
    }

    private static Health.Component loopHealth(LoopState s) {
        String off = s.flags().entrySet().stream().filter(e -> !e.getValue()).map(e -> e.getKey().key()).sorted()
                .collect(Collectors.joining(", "));
        String detail = String.format(Locale.ROOT, "phase %d (%s), config version %d, flags off [%s], events queued %d"
                        + " handled %d failed %d dropped %d, pending validations %d", s.phase().number(), s.phase(),
                s.configVersion(), off, s.queuedEvents(), s.handledEvents(), s.failedEvents(), s.droppedEvents(),
                s.pendingValidations());
        return new Health.Component(s.closed() ? Health.Component.DOWN : Health.Component.UP,
                s.closed() ? "closed; " + detail : detail);
    }

    private Health.Component storeHealth() {
        Instant now = clock.instant();
        try {
            store.audit().find(now, now.plusMillis(1), 1);
            return new Health.Component(Health.Component.UP, store.getClass().getSimpleName());
        } catch (RuntimeException e) {
            return new Health.Component(Health.Component.DOWN, String.valueOf(e.getMessage()));
        }
    }

    private static Health.Component samplerHealth(SamplerStats s) {
        String detail = String.format(Locale.ROOT, "rate %.4f, recorded %d, dropped %d, buffered %d, flush failures %d",
                s.effectiveRate(), s.recorded(), s.dropped(), s.buffered(), s.flushFailures());
        return new Health.Component(s.flushFailures() > 0 && s.buffered() > 0 ? Health.Component.DOWN
                : Health.Component.UP, detail);
    }

    private static Health.Component absent(String why) {
        return new Health.Component(Health.Component.ABSENT, why);
    }

    @Override
    public void audit(AuditEntry entry) {
        store.audit().append(entry);
    }

    @Override
    public List<AuditEntry> auditTrail(Instant from, Instant to, int limit) {
        return store.audit().find(from, to, limit);
    }

    @Override
    public String report(Duration refresh) {
        return RunReport.render(store, runId, refresh);
    }

    /** Builds a {@link LoopOptimizationService}. Not thread safe. */
    public static final class Builder {
        private OptimizationLoop loop;
        private Store store;
        private String runId = "default";
        private Clock clock = Clock.systemUTC();
        private final Map<String, EvolutionTarget> targets = new LinkedHashMap<>();

        private Builder() {
        }

        /** The loop to serve; required. */
        public Builder loop(OptimizationLoop loop) {
            this.loop = Objects.requireNonNull(loop, "loop");
            return this;
        }

        /** The store the loop was built over (audit trail, report); required. */
        public Builder store(Store store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The run the report shows; defaults to {@code default}. */
        public Builder runId(String runId) {
            this.runId = Objects.requireNonNull(runId, "runId");
            return this;
        }

        /** The clock of the store's health probe; defaults to the UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** An operation {@code trigger-evolution} may evolve; registered with the loop when the service is built. */
        public Builder target(EvolutionTarget target) {
            Objects.requireNonNull(target, "target");
            targets.put(target.component() + "/" + target.operation(), target);
            return this;
        }

        /**
         * Builds the service.
         *
         * @throws IllegalStateException when the loop or the store is missing
         */
        public LoopOptimizationService build() {
            if (loop == null || store == null) {
                throw new IllegalStateException("a loop and its store are required: call loop(...) and store(...)");
            }
            return new LoopOptimizationService(this);
        }
    }
}
