package dev.openevolve.llm.openai;

import dev.openevolve.spi.Completion;
import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.Prompt;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model behind any OpenAI-compatible {@code POST {api_base}/chat/completions} endpoint: OpenAI,
 * vLLM, Ollama, llama.cpp server, LM Studio.
 *
 * <p>Each {@link #complete} is one call under a total deadline ({@link Builder#timeout}) that covers
 * every attempt and the waits between them; when it passes, the request in flight is cancelled and
 * its connection closed. Failed attempts are retried (connection errors, HTTP 408, 409, 429 and 5xx;
 * never 400, 401, 403, 404 or 422) after the server's {@code retry-after-ms}/{@code retry-after}, or
 * after exponential backoff with jitter. Failures are {@link OpenAiException}s whose messages never
 * contain the API key.
 *
 * <p>Thread safe: one instance serves concurrent calls. Lifecycle: built by {@link #builder()} or by
 * {@link OpenAiProvider}; {@link #close()} stops the worker threads and cancels calls in flight.
 */
public final class OpenAiModel implements LanguageModel {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiModel.class);

    /** Waits between attempts; tests inject one that does not really sleep. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * Blocks for {@code duration}.
         *
         * @throws InterruptedException when the waiting thread is interrupted
         */
        void sleep(Duration duration) throws InterruptedException;
    }

    private final String model;
    private final Endpoint endpoint;
    private final Credentials credentials;
    private final RequestFactory requests;
    private final FeignTransport transport;
    private final ResponseParser parser;
    private final RetryingCaller caller;
    private final ExecutorService workers;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OpenAiModel(Builder b, Endpoint endpoint) {
        this.model = b.model;
        this.endpoint = endpoint;
        this.credentials = new Credentials(b.apiKey, b.organization, b.project);
        this.requests = new RequestFactory(b.model, b.temperature, b.topP, b.maxTokens, b.maxTokensParam, b.seed);
        this.transport = new FeignTransport(endpoint, b.connectTimeout, credentials, new RetryAfter(b.clock));
        this.parser = new ResponseParser(b.model, new Pricing(b.inputCostPerMillion, b.outputCostPerMillion),
                credentials.redactor());
        this.workers = Executors.newCachedThreadPool(daemonThreads(b.model));
        this.caller = new RetryingCaller(b.model, endpoint, new RetryPolicy(b.maxRetries, b.maxRetryDelay, b.random),
                b.timeout, b.requestTimeout == null ? b.timeout : b.requestTimeout, b.sleeper, workers);
        if (requests.reasoning() && (b.temperature != null || b.topP != null)) {
            LOG.info("model '{}' is a reasoning model: sending max_completion_tokens and leaving out temperature "
                    + "and top_p (set max_tokens_param to override)", model);
        }
    }

    /** A builder with OpenAI's endpoint, a 60 s deadline, 3 retries and no sampling option set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configured model name, as sent in each request. */
    @Override
    public String name() {
        return model;
    }

    /**
     * Asks the model once (with retries inside the deadline).
     *
     * @return the answer; {@link Completion#truncated()} when the server stopped at the token limit
     * @throws OpenAiException          when the call failed; see its subclasses
     * @throws IllegalStateException    when the model is closed
     */
    @Override
    public Completion complete(Prompt prompt) {
        Objects.requireNonNull(prompt, "prompt");
        if (closed.get()) {
            throw new IllegalStateException("model '" + model + "' at " + endpoint + " is closed");
        }
        ChatRequest request = requests.create(prompt);
        Completion completion = caller.call((timeout, control) -> parser.parse(transport.send(request, timeout, control)));
        if (LOG.isDebugEnabled()) {
            LOG.debug("model '{}' finished with {}, {} prompt + {} completion tokens, ${}", completion.model(),
                    completion.finishReason(), completion.usage().promptTokens(), completion.usage().completionTokens(),
                    completion.costUsd());
        }
        return completion;
    }

    /** Stops the worker threads; calls in flight are cancelled. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            workers.shutdownNow();
        }
    }

    /** The model, endpoint and whether a key is set; never the key. */
    @Override
    public String toString() {
        return "OpenAiModel{model=" + model + ", endpoint=" + endpoint + ", apiKey="
                + (credentials.hasKey() ? Redactor.MASK : "none") + "}";
    }

    private static ThreadFactory daemonThreads(String model) {
        var count = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "openevolve-openai-" + model + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Configures an {@link OpenAiModel}. Each setter checks its argument and fails with a message naming
     * the option (by its settings key) and the rejected value; {@link #build()} checks the combination.
     * Not thread safe; build once and share the model.
     */
    public static final class Builder {
        private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
        private static final Duration MAX_TIMEOUT = Duration.ofDays(1);

        private String model;
        private String baseUrl = Endpoint.OPENAI;
        private String apiKey;
        private String organization;
        private String project;
        private Double temperature;
        private Double topP;
        private Integer maxTokens;
        private MaxTokensParam maxTokensParam = MaxTokensParam.AUTO;
        private Long seed;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration timeout = Duration.ofSeconds(60);
        private Duration requestTimeout;
        private int maxRetries = 3;
        private Duration maxRetryDelay = Duration.ofSeconds(60);
        private double inputCostPerMillion;
        private double outputCostPerMillion;
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random = RandomGenerator.getDefault();
        private Sleeper sleeper = d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());

        private Builder() {
        }

        /** The model name sent in each request, for example {@code gpt-4o-mini}. Required. */
        public Builder model(String model) {
            Objects.requireNonNull(model, "model");
            if (model.isBlank()) {
                throw new IllegalArgumentException("'model' must not be blank");
            }
            this.model = model.strip();
            return this;
        }

        /**
         * The API root that {@code /chat/completions} is appended to; default {@code https://api.openai.com/v1}.
         * Must be an http(s) URL without user info, query or fragment.
         */
        public Builder baseUrl(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Endpoint.parse(baseUrl);
            this.baseUrl = baseUrl;
            return this;
        }

        /**
         * The API key sent as {@code Authorization: Bearer}; none by default (local servers need none).
         * {@code null} or blank means none. Never printed.
         */
        public Builder apiKey(String apiKey) {
            this.apiKey = header("api_key", apiKey, false);
            return this;
        }

        /** The {@code OpenAI-Organization} header; none by default, {@code null} or blank means none. */
        public Builder organization(String organization) {
            this.organization = header("organization", organization, true);
            return this;
        }

        /** The {@code OpenAI-Project} header; none by default, {@code null} or blank means none. */
        public Builder project(String project) {
            this.project = header("project", project, true);
            return this;
        }

        /** Sampling temperature in [0, 2]; not sent unless set. */
        public Builder temperature(double temperature) {
            if (!(temperature >= 0 && temperature <= 2)) {
                throw new IllegalArgumentException("'temperature' must be between 0 and 2 but was " + temperature);
            }
            this.temperature = temperature;
            return this;
        }

        /** Nucleus sampling in (0, 1]; not sent unless set. */
        public Builder topP(double topP) {
            if (!(topP > 0 && topP <= 1)) {
                throw new IllegalArgumentException("'top_p' must be greater than 0 and at most 1 but was " + topP);
            }
            this.topP = topP;
            return this;
        }

        /** The answer's token limit, at least 1; not sent unless set. */
        public Builder maxTokens(int maxTokens) {
            if (maxTokens < 1) {
                throw new IllegalArgumentException("'max_tokens' must be at least 1 but was " + maxTokens);
            }
            this.maxTokens = maxTokens;
            return this;
        }

        /** Which field carries {@link #maxTokens}; default {@link MaxTokensParam#AUTO}. */
        public Builder maxTokensParam(MaxTokensParam param) {
            this.maxTokensParam = Objects.requireNonNull(param, "maxTokensParam");
            return this;
        }

        /**
         * Makes calls repeatable where the server supports it: each request then carries a seed mixed
         * from this value and the prompt's per-call seed. Not sent unless set.
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How long opening a connection may take, 1 ms to 1 day; default 10 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive("connect_timeout_seconds", connectTimeout);
            return this;
        }

        /** The total deadline of one call, all attempts and waits included; 1 ms to 1 day, default 60 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = positive("timeout_seconds", timeout);
            return this;
        }

        /**
         * How long one attempt may wait for the response headers, 1 ms to 1 day; default: the whole
         * {@link #timeout}.
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive("request_timeout_seconds", requestTimeout);
            return this;
        }

        /** Retries after the first attempt, 0 to 100; default 3. */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0 || maxRetries > 100) {
                throw new IllegalArgumentException("'retries' must be between 0 and 100 but was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * The longest server-requested wait that is honoured (longer ones fall back to backoff), also
         * capping the backoff; 1 ms to 1 day, default 60 s.
         */
        public Builder maxRetryDelay(Duration maxRetryDelay) {
            this.maxRetryDelay = positive("max_retry_delay_seconds", maxRetryDelay);
            return this;
        }

        /** US-dollar price of a million prompt tokens, for {@link Completion#costUsd()}; default 0. */
        public Builder inputCostPerMillion(double usd) {
            this.inputCostPerMillion = price("input_cost_per_million", usd);
            return this;
        }

        /** US-dollar price of a million completion tokens, for {@link Completion#costUsd()}; default 0. */
        public Builder outputCostPerMillion(double usd) {
            this.outputCostPerMillion = price("output_cost_per_million", usd);
            return this;
        }

        /** The clock that {@code retry-after} HTTP dates are compared with; default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The random source of backoff jitter; default {@link RandomGenerator#getDefault()}. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** How the caller waits between attempts; default {@code Thread} sleep. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Builds the model.
         *
         * @throws IllegalStateException when no model is set, or OpenAI's own endpoint has no API key
         */
        public OpenAiModel build() {
            if (model == null) {
                throw new IllegalStateException("'model' is required but was not set");
            }
            Endpoint endpoint = Endpoint.parse(baseUrl);
            if (apiKey == null && endpoint.isOpenAi()) {
                throw new IllegalStateException("'api_key' is required for " + endpoint
                        + " but was not set (set it, or OPENAI_API_KEY / OPENEVOLVE_API_KEY in the environment)");
            }
            return new OpenAiModel(this, endpoint);
        }

        private static String header(String key, String value, boolean showValue) {
            if (value == null || value.isBlank()) {
                return null;
            }
            String v = value.strip();
            if (v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("'" + key + "' must not contain control characters"
                        + (showValue ? " but was '" + v.replaceAll("\\p{Cntrl}", "?") + "'" : ""));
            }
            return v;
        }

        private static Duration positive(String key, Duration d) {
            Objects.requireNonNull(d, key);
            if (d.compareTo(MIN_TIMEOUT) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("'" + key + "' must be between 0.001 and 86400 seconds but was "
                        + (d.getSeconds() + d.getNano() / 1e9) + " s");
            }
            return d;
        }

        private static double price(String key, double usd) {
            if (!(usd >= 0) || Double.isInfinite(usd)) {
                throw new IllegalArgumentException("'" + key + "' must be a finite number >= 0 but was " + usd);
            }
            return usd;
        }
    }
}
