package dev.openevolve.server;

import dev.openevolve.Controller;
import dev.openevolve.CycleStart;
import dev.openevolve.metrics.MetricsSampler;
import dev.openevolve.metrics.SamplerStats;
import dev.openevolve.report.RunReport;
import dev.openevolve.spi.AuditEntry;
import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.Store;
import dev.openevolve.spi.Suggestion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The {@link OptimizationService} over what a host has today: a {@link Store} (suggestions, metrics, audit,
 * the run's programs for the report), optionally a {@link Controller} (evolution cycles) and a
 * {@link MetricsSampler} (its health).
 *
 * <p>Flags: {@value #EVOLUTION_FLAG} (default on) gates {@link #triggerEvolution}, {@value #DECISIONS_FLAG}
 * (default on) gates {@link #decide}; a host adds its own with {@link Builder#flag} and reads them with
 * {@link #flag}. Flags and events live in this object's memory: they start from their defaults in each
 * process. At most {@value #MAX_EVENTS} events are kept, the oldest dropped first.
 *
 * <p>Thread safe. Closes nothing: the host owns the store, controller and sampler.
 */
public final class StoreOptimizationService implements OptimizationService {
    /** The flag that allows evolution cycles to be triggered. */
    public static final String EVOLUTION_FLAG = "evolution";
    /** The flag that allows suggestions to be approved, rejected and rolled back. */
    public static final String DECISIONS_FLAG = "decisions";
    /** The number of events kept. */
    public static final int MAX_EVENTS = 1000;
    /** The most samples one performance-metrics query reads. */
    public static final int MAX_SAMPLES = 200_000;

    private final Store store;
    private final Controller controller;
    private final MetricsSampler sampler;
    private final String runId;
    private final Clock clock;
    private final Map<String, Boolean> flags;
    private final Deque<LoopEvent> events = new ArrayDeque<>();

    private StoreOptimizationService(Builder b) {
        this.store = b.store;
        this.controller = b.controller;
        this.sampler = b.sampler;
        this.runId = b.runId != null ? b.runId : controller != null ? controller.runId() : "default";
        this.clock = b.clock;
        this.flags = new ConcurrentHashMap<>(b.flags);
    }

    /** A builder; the store is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<Suggestion> suggestions(Optional<String> component, Instant from, Instant to) {
        return store.suggestions().list().stream()
                .filter(s -> component.map(c -> c.equals(s.targetComponent())).orElse(true))
                .filter(s -> !s.createdAt().isBefore(from) && s.createdAt().isBefore(to))
                .toList();
    }

    @Override
    public void triggerEvolution(Map<String, String> context) {
        Objects.requireNonNull(context, "context");
        if (controller == null) {
            throw new ServiceException(ServiceException.Reason.UNAVAILABLE,
                    "this server has no controller to evolve with; start it with a program and an evaluator");
        }
        requireFlag(EVOLUTION_FLAG);
        CycleStart start = controller.startEvolutionCycle(context);
        if (!start.started()) {
            throw new ServiceException(ServiceException.Reason.CONFLICT,
                    "an evolution cycle of run '" + controller.runId() + "' is already running");
        }
        publish("cycle.started", context);
        start.result().ifPresent(f -> f.whenComplete((result, failure) -> {
            if (failure != null) {
                publish("cycle.failed", Map.of("error", String.valueOf(failure.getMessage())));
            } else {
                publish("cycle.finished", Map.of("reason", result.reason().name(), "iterations",
                        String.valueOf(result.iterations()), "best_score", String.valueOf(result.best().fitness())));
            }
        }));
    }

    @Override
    public List<MetricSummary> performanceMetrics(Optional<String> component, Instant from, Instant to) {
        var groups = new TreeMap<String, List<PerformanceSample>>();
        for (PerformanceSample s : store.metrics().find(from, to, MAX_SAMPLES)) {
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
                    java.util.Arrays.stream(ms).average().orElse(0), ms[Math.max(0, rank)], ms[ms.length - 1]));
        }
        return result;
    }

    @Override
    public synchronized Suggestion decide(String id, Decision decision, String reason) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
        requireFlag(DECISIONS_FLAG);
        Suggestion current = store.suggestions().list().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new ServiceException(ServiceException.Reason.NOT_FOUND,
                        "there is no suggestion '" + id + "'"));
        if (!decision.from().contains(current.status())) {
            throw new ServiceException(ServiceException.Reason.CONFLICT, "suggestion '" + id + "' is "
                    + current.status() + "; " + decision.name().toLowerCase(Locale.ROOT) + " needs one of "
                    + decision.from().stream().map(Enum::name).sorted().toList());
        }
        Suggestion updated = current.withStatus(decision.to());
        store.suggestions().save(List.of(updated));
        publish("suggestion." + decision.name().toLowerCase(Locale.ROOT), Map.of("suggestion", id, "from",
                current.status().name(), "to", updated.status().name(), "reason", reason));
        return updated;
    }

    @Override
    public Map<String, Boolean> flags() {
        return new TreeMap<>(flags);
    }

    /** Whether the flag {@code name} is on; empty for a flag this service does not know. */
    public Optional<Boolean> flag(String name) {
        return Optional.ofNullable(flags.get(Objects.requireNonNull(name, "name")));
    }

    @Override
    public Map<String, Boolean> setFlag(String name, boolean enabled) {
        Objects.requireNonNull(name, "name");
        if (flags.computeIfPresent(name, (k, v) -> enabled) == null) {
            throw new ServiceException(ServiceException.Reason.NOT_FOUND, "there is no flag '" + name
                    + "'; the flags are " + flags().keySet());
        }
        publish("flag.changed", Map.of("flag", name, "enabled", String.valueOf(enabled)));
        return flags();
    }

    @Override
    public List<LoopEvent> events(Instant since, int limit) {
        Objects.requireNonNull(since, "since");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative but was " + limit);
        }
        synchronized (events) {
            return events.stream().filter(e -> !e.at().isBefore(since)).limit(limit).toList();
        }
    }

    @Override
    public Health health() {
        var parts = new LinkedHashMap<String, Health.Component>();
        parts.put("store", storeHealth());
        parts.put("sampler", sampler == null ? absent("no sampler was given to this server") : samplerHealth());
        if (controller == null) {
            parts.put("model", absent("no controller: evolution is not configured"));
            parts.put("evaluator_pool", absent("no controller: evolution is not configured"));
        } else {
            // not probed: a call to a paid model would cost tokens on every health check
            parts.put("model", new Health.Component("CONFIGURED", controller.config().llm().models().stream()
                    .map(m -> m.provider() + ":" + m.name()).collect(Collectors.joining(", "))));
            parts.put("evaluator_pool", new Health.Component(controller.isRunning() ? "RUNNING" : "IDLE",
                    "parallelism " + controller.config().evaluation().parallelism()));
        }
        return new Health(parts);
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

    private Health.Component samplerHealth() {
        SamplerStats s = sampler.stats();
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

    private void requireFlag(String flag) {
        if (!flags.getOrDefault(flag, false)) {
            throw new ServiceException(ServiceException.Reason.CONFLICT, "flag '" + flag + "' is off");
        }
    }

    private void publish(String type, Map<String, String> attributes) {
        var event = new LoopEvent(clock.instant(), type, attributes);
        synchronized (events) {
            events.addLast(event);
            while (events.size() > MAX_EVENTS) {
                events.removeFirst();
            }
        }
    }

    /** Builds a {@link StoreOptimizationService}. Not thread safe. */
    public static final class Builder {
        private Store store;
        private Controller controller;
        private MetricsSampler sampler;
        private String runId;
        private Clock clock = Clock.systemUTC();
        private final Map<String, Boolean> flags = new LinkedHashMap<>(Map.of(EVOLUTION_FLAG, true,
                DECISIONS_FLAG, true));

        private Builder() {
        }

        /** The store to read and write; required. */
        public Builder store(Store store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The controller whose cycles {@code trigger-evolution} starts; without one that endpoint is unavailable. */
        public Builder controller(Controller controller) {
            this.controller = Objects.requireNonNull(controller, "controller");
            return this;
        }

        /** The sampler whose state {@code /health} reports. */
        public Builder sampler(MetricsSampler sampler) {
            this.sampler = Objects.requireNonNull(sampler, "sampler");
            return this;
        }

        /** The run the report shows; defaults to the controller's run, else {@code default}. */
        public Builder runId(String runId) {
            this.runId = Objects.requireNonNull(runId, "runId");
            return this;
        }

        /** The clock stamping events; defaults to the UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Adds a flag of the host's own, initially {@code enabled}. */
        public Builder flag(String name, boolean enabled) {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[a-z][a-z0-9_.-]{0,63}")) {
                throw new IllegalArgumentException("flag name must be 1-64 lower-case letters, digits, '_', '.' or '-'"
                        + " starting with a letter but was '" + name + "'");
            }
            flags.put(name, enabled);
            return this;
        }

        /**
         * Builds the service.
         *
         * @throws IllegalStateException when no store was given
         */
        public StoreOptimizationService build() {
            if (store == null) {
                throw new IllegalStateException("a store is required: call store(...)");
            }
            return new StoreOptimizationService(this);
        }
    }
}
