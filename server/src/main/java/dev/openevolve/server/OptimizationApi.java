package dev.openevolve.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.openevolve.spi.AuditEntry;
import dev.openevolve.spi.StoreException;
import dev.openevolve.spi.Suggestion;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optimisation loop's HTTP API as an {@link HttpHandler}: mount it at the root of a host's
 * {@code HttpServer} (or use {@link ApiServer}). JSON in and out; every error is a JSON object
 * {@code {"error": code, "message": text}} with {@code "field"} when one field is at fault.
 *
 * <pre>
 * GET  /health                                         public   state of loop, sampler, store, model, evaluator pool (503 when one is DOWN)
 * GET  /api/v1/optimization-suggestions                viewer   ?component= &amp;operation= &amp;since= &amp;until= (ISO-8601)
 * GET  /api/v1/performance-metrics                     viewer   ?component= &amp;since= &amp;until= (default: the last hour)
 * POST /api/v1/trigger-evolution                       operator {"component", "operation", "context"} 202, 404, 409
 * POST /api/v1/suggestions/{id}/approve|reject|rollback operator {"reason": "..."}         200, 404, 409
 * GET  /api/v1/flags                                   viewer
 * PUT  /api/v1/flags/{name}                            admin    {"enabled": true|false}   200, 404
 * GET  /api/v1/events                                  viewer   ?after= (sequence) &amp;limit=
 * GET  /api/v1/audit                                   admin    ?since= &amp;until= &amp;limit=
 * GET  /report                                         viewer   the run report (HTML), reloading itself
 * </pre>
 *
 * <p>Security: {@code Authorization: Bearer <token>} checked against {@link ApiTokens} (401 when missing or
 * unknown, 403 when the role is too low); requests are limited per token (429 with {@code Retry-After});
 * bodies over the limit are refused with 413 before they are read whole; unknown fields, unknown query
 * parameters and malformed JSON get 400 naming them; every state change is written to the audit trail
 * with the token's name, the action, the target, the time and the client's address. Tokens are never
 * logged or echoed.
 *
 * <p>Thread safe: the server may call it from any number of threads.
 */
public final class OptimizationApi implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OptimizationApi.class);
    private static final Pattern BEARER = Pattern.compile("(?i)Bearer ([!-~]+)");
    private static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    private static final int MAX_LIMIT = 1000;

    private final OptimizationService service;
    private final ApiTokens tokens;
    private final Bodies bodies;
    private final RateLimiter limiter;
    private final Duration reportRefresh;
    private final Clock clock;
    private final List<Route> routes;

    private interface Action {
        Reply handle(Call call) throws IOException;
    }

    private record Route(String method, Pattern path, Role role, Set<String> query, Action action) {
    }

    private record Call(HttpExchange exchange, ApiTokens.Principal principal, Matcher path, Map<String, String> query,
                        byte[] body) {
        String origin() {
            var remote = exchange.getRemoteAddress();
            return remote == null || remote.getAddress() == null ? "" : remote.getAddress().getHostAddress();
        }
    }

    private record Reply(int status, String contentType, byte[] body) {
    }

    private OptimizationApi(Builder b) {
        this.service = b.service;
        this.tokens = b.tokens;
        this.bodies = new Bodies(b.maxBodyBytes);
        this.limiter = new RateLimiter(b.requestsPerMinute, Duration.ofMinutes(1), b.nanos);
        this.reportRefresh = b.reportRefresh;
        this.clock = b.clock;
        Set<String> range = Set.of("component", "since", "until");
        Set<String> suggestionFilter = Set.of("component", "operation", "since", "until");
        this.routes = List.of(
                new Route("GET", Pattern.compile("/health"), null, Set.of(), c -> health()),
                new Route("GET", Pattern.compile("/api/v1/optimization-suggestions"), Role.VIEWER,
                        suggestionFilter, this::suggestions),
                new Route("GET", Pattern.compile("/api/v1/performance-metrics"), Role.VIEWER, range, this::metrics),
                new Route("POST", Pattern.compile("/api/v1/trigger-evolution"), Role.OPERATOR, Set.of(),
                        this::trigger),
                new Route("POST", Pattern.compile("/api/v1/suggestions/([^/]{1,200})/(approve|reject|rollback)"),
                        Role.OPERATOR, Set.of(), this::decide),
                new Route("GET", Pattern.compile("/api/v1/flags"), Role.VIEWER, Set.of(),
                        c -> json(200, Map.of("flags", service.flags()))),
                new Route("PUT", Pattern.compile("/api/v1/flags/([^/]{1,100})"), Role.ADMIN, Set.of(), this::setFlag),
                new Route("GET", Pattern.compile("/api/v1/events"), Role.VIEWER, Set.of("after", "limit"),
                        this::events),
                new Route("GET", Pattern.compile("/api/v1/audit"), Role.ADMIN, Set.of("since", "until", "limit"),
                        this::audit),
                new Route("GET", Pattern.compile("/report"), Role.VIEWER, Set.of(), c -> new Reply(200,
                        "text/html; charset=utf-8", service.report(reportRefresh).getBytes(StandardCharsets.UTF_8))));
    }

    /** A builder; the service and the tokens are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Reply reply;
        try {
            reply = dispatch(exchange);
        } catch (ApiError e) {
            reply = error(e);
        } catch (ServiceException e) {
            int status = switch (e.reason()) {
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case UNAVAILABLE -> 503;
            };
            reply = error(new ApiError(status, e.reason().name().toLowerCase(Locale.ROOT), e.getMessage(), null));
        } catch (StoreException e) {
            LOG.error("{} {}: the store failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
            reply = error(new ApiError(500, "store_failure", e.getMessage(), null));
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
            reply = error(new ApiError(500, "internal_error", "the server failed to answer; see its log", null));
        }
        send(exchange, reply);
    }

    private Reply dispatch(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        Route route = null;
        Matcher matcher = null;
        Set<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            Matcher m = r.path().matcher(path);
            if (m.matches()) {
                allowed.add(r.method());
                if (r.method().equals(method)) {
                    route = r;
                    matcher = m;
                }
            }
        }
        if (allowed.isEmpty()) {
            throw new ApiError(404, "not_found", "there is no resource " + path, null);
        }
        if (route == null) {
            exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
            throw new ApiError(405, "method_not_allowed", method + " is not allowed on " + path + "; use "
                    + String.join(" or ", allowed), null);
        }
        ApiTokens.Principal principal = null;
        if (route.role() != null) {
            principal = authenticate(exchange);
            if (!principal.role().includes(route.role())) {
                throw new ApiError(403, "forbidden", "token '" + principal.name() + "' has role "
                        + principal.role().name().toLowerCase(Locale.ROOT) + " but " + method + " " + path + " needs "
                        + route.role().name().toLowerCase(Locale.ROOT), null);
            }
            long wait = limiter.acquire(principal.name());
            if (wait > 0) {
                exchange.getResponseHeaders().set("Retry-After", String.valueOf(wait));
                throw new ApiError(429, "too_many_requests", "token '" + principal.name()
                        + "' made too many requests; retry after " + wait + " s", null);
            }
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery(), route.query());
        // not closed here: closing drains what the client still sends, so the server closes it after the reply
        byte[] body = bodies.read(exchange.getRequestHeaders().getFirst("Content-Length"), exchange.getRequestBody());
        if (body.length > 0 && route.method().equals("GET")) {
            throw ApiError.badRequest(null, "GET " + path + " takes no body");
        }
        return route.action().handle(new Call(exchange, principal, matcher, query, body));
    }

    private ApiTokens.Principal authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "unauthorized", "this request needs an 'Authorization: Bearer <token>' header",
                    null);
        }
        Matcher m = BEARER.matcher(header.strip());
        Optional<ApiTokens.Principal> principal = m.matches() ? tokens.authenticate(m.group(1)) : Optional.empty();
        if (principal.isEmpty()) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw new ApiError(401, "unauthorized", "the bearer token is not valid", null);
        }
        return principal.get();
    }

    // ------------------------------------------------------------------------------------------ endpoints

    private Reply health() {
        Health h = service.health();
        var parts = new LinkedHashMap<String, Object>();
        h.components().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> parts.put(e.getKey(),
                Map.of("state", e.getValue().state(), "detail", e.getValue().detail())));
        return json(h.healthy() ? 200 : 503, Map.of("status", h.healthy() ? "UP" : "DOWN", "components", parts));
    }

    private Reply suggestions(Call c) {
        Instant until = instant(c.query(), "until", clock.instant().plusMillis(1));
        Instant since = instant(c.query(), "since", Instant.EPOCH);
        var list = service.suggestions(Optional.ofNullable(c.query().get("component")),
                Optional.ofNullable(c.query().get("operation")), since, until);
        return json(200, Map.of("suggestions", list.stream().map(OptimizationApi::suggestion).toList()));
    }

    private Reply metrics(Call c) {
        Instant until = instant(c.query(), "until", clock.instant().plusMillis(1));
        Instant since = instant(c.query(), "since", until.minus(DEFAULT_WINDOW));
        var list = service.performanceMetrics(Optional.ofNullable(c.query().get("component")), since, until);
        return json(200, Map.of("since", since.toString(), "until", until.toString(), "operations", list.stream()
                .map(m -> Map.of("component", m.component(), "operation", m.operation(), "samples", m.samples(),
                        "failures", m.failures(), "mean_ms", m.meanMs(), "p95_ms", m.p95Ms(), "max_ms", m.maxMs()))
                .toList()));
    }

    private Reply trigger(Call c) {
        var body = Bodies.parse(c.body(), Bodies.Trigger.class);
        String component = required(body.component(), "component");
        String operation = required(body.operation(), "operation");
        service.triggerEvolution(component, operation);
        record(c, "evolution.trigger", component + "/" + operation, "context " + body.context());
        return json(202, Map.of("status", "queued"));
    }

    private Reply decide(Call c) {
        String id = decode(c.path().group(1), "id");
        Decision decision = Decision.valueOf(c.path().group(2).toUpperCase(Locale.ROOT));
        var body = Bodies.parse(c.body(), Bodies.DecisionBody.class);
        Suggestion updated = service.decide(id, decision, c.principal().name(), body.reason());
        record(c, "suggestion." + decision.name().toLowerCase(Locale.ROOT), id, "now " + updated.status()
                + (body.reason().isEmpty() ? "" : "; reason: " + body.reason()));
        return json(200, Map.of("suggestion", suggestion(updated)));
    }

    private Reply setFlag(Call c) {
        String name = decode(c.path().group(1), "name");
        var body = Bodies.parse(c.body(), Bodies.Flag.class);
        if (body.enabled() == null) {
            throw ApiError.badRequest("enabled", "field 'enabled' is required (true or false)");
        }
        var flags = service.setFlag(name, body.enabled(), c.principal().name());
        record(c, "flag.set", name, "enabled " + body.enabled());
        return json(200, Map.of("flags", flags));
    }

    private Reply events(Call c) {
        long after = after(c.query());
        int limit = limit(c.query());
        return json(200, Map.of("events", service.events(after, limit).stream()
                .map(e -> Map.of("sequence", e.sequence(), "at", e.at().toString(), "type", e.type(), "data",
                        e.data())).toList()));
    }

    private Reply audit(Call c) {
        Instant until = instant(c.query(), "until", clock.instant().plusMillis(1));
        Instant since = instant(c.query(), "since", Instant.EPOCH);
        return json(200, Map.of("entries", service.auditTrail(since, until, limit(c.query())).stream()
                .map(e -> Map.of("at", e.at().toString(), "actor", e.actor(), "action", e.action(), "target",
                        e.target(), "detail", e.detail(), "origin", e.origin())).toList()));
    }

    private void record(Call c, String action, String target, String detail) {
        service.audit(new AuditEntry(clock.instant(), c.principal().name(), action, target, detail, c.origin()));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static Map<String, Object> suggestion(Suggestion s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", s.id());
        m.put("type", s.type());
        m.put("component", s.targetComponent());
        m.put("operation", s.targetOperation());
        m.put("description", s.description());
        m.put("expected_improvement", s.expectedImprovement());
        m.put("confidence", s.confidence());
        m.put("priority", s.priority());
        m.put("evolution_target", s.evolutionTarget());
        m.put("status", s.status().name());
        m.put("created_at", s.createdAt().toString());
        return m;
    }

    private static Map<String, String> query(String raw, Set<String> known) {
        var result = new LinkedHashMap<String, String>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), "query");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), key);
            if (!known.contains(key)) {
                throw ApiError.badRequest(key, "unknown query parameter '" + key + "'" + (known.isEmpty()
                        ? "; this resource takes none" : "; known: " + new TreeSet<>(known)));
            }
            if (result.put(key, value) != null) {
                throw ApiError.badRequest(key, "query parameter '" + key + "' is given twice");
            }
        }
        return result;
    }

    private static String decode(String raw, String field) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(field, "'" + field + "' is not validly percent-encoded");
        }
    }

    private static Instant instant(Map<String, String> query, String name, Instant fallback) {
        String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(name, "query parameter '" + name
                    + "' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z but was '" + value + "'");
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiError.badRequest(field, "field '" + field + "' is required");
        }
        return value;
    }

    private static long after(Map<String, String> query) {
        String value = query.get("after");
        if (value == null) {
            return 0;
        }
        try {
            long after = Long.parseLong(value);
            if (after >= 0) {
                return after;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badRequest("after", "query parameter 'after' must be an event sequence number (0 or more)"
                + " but was '" + value + "'");
    }

    private static int limit(Map<String, String> query) {
        String value = query.get("limit");
        if (value == null) {
            return 100;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badRequest("limit", "query parameter 'limit' must be a whole number from 1 to " + MAX_LIMIT
                + " but was '" + value + "'");
    }

    private static Reply json(int status, Object value) {
        try {
            return new Reply(status, "application/json", Bodies.JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON reply", e);
        }
    }

    private static Reply error(ApiError e) {
        var body = new LinkedHashMap<String, Object>();
        body.put("error", e.code);
        body.put("message", e.getMessage());
        if (e.field != null) {
            body.put("field", e.field);
        }
        return json(e.status, body);
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (reply.status() == 413) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(reply.status(), reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body());
        }
    }

    /** Builds an {@link OptimizationApi}. Not thread safe. */
    public static final class Builder {
        private OptimizationService service;
        private ApiTokens tokens;
        private int maxBodyBytes = 64 * 1024;
        private int requestsPerMinute = 120;
        private Duration reportRefresh = Duration.ofSeconds(15);
        private Clock clock = Clock.systemUTC();
        private LongSupplier nanos = System::nanoTime;

        private Builder() {
        }

        /** What the API drives; required. */
        public Builder service(OptimizationService service) {
            this.service = Objects.requireNonNull(service, "service");
            return this;
        }

        /** The accepted tokens; required. */
        public Builder tokens(ApiTokens tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        /** The largest request body accepted, in bytes (default 64 KiB, at least 1). */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1 but was " + maxBodyBytes);
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** Requests each token may make per minute, in bursts of up to as many (default 120, at least 1). */
        public Builder requestsPerMinute(int requestsPerMinute) {
            if (requestsPerMinute < 1) {
                throw new IllegalArgumentException("requestsPerMinute must be at least 1 but was " + requestsPerMinute);
            }
            this.requestsPerMinute = requestsPerMinute;
            return this;
        }

        /** How often the served report reloads itself (default 15 s; zero for never). */
        public Builder reportRefresh(Duration reportRefresh) {
            Objects.requireNonNull(reportRefresh, "reportRefresh");
            if (reportRefresh.isNegative()) {
                throw new IllegalArgumentException("reportRefresh must not be negative but was " + reportRefresh);
            }
            this.reportRefresh = reportRefresh;
            return this;
        }

        /** The clock stamping audit entries and defaulting time ranges; defaults to the UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        Builder nanos(LongSupplier nanos) {
            this.nanos = nanos;
            return this;
        }

        /**
         * Builds the handler.
         *
         * @throws IllegalStateException when the service or the tokens are missing
         */
        public OptimizationApi build() {
            if (service == null) {
                throw new IllegalStateException("a service is required: call service(...)");
            }
            if (tokens == null) {
                throw new IllegalStateException("tokens are required: call tokens(...)");
            }
            return new OptimizationApi(this);
        }
    }
}
