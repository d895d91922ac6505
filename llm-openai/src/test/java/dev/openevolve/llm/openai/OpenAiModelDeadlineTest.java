package dev.openevolve.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openevolve.llm.openai.FakeOpenAiServer.Reply;
import dev.openevolve.spi.Prompt;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiModelDeadlineTest {
    private static final Prompt PROMPT = new Prompt("s", "u", "", 1);
    /** Generous: the assertions prove cancellation through the server's eyes, not through timing. */
    private static final Duration MARGIN = Duration.ofSeconds(3);

    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private OpenAiModel model;

    @AfterEach
    void stop() {
        if (model != null) {
            model.close();
        }
        server.close();
    }

    private OpenAiModel model(Duration deadline) {
        model = OpenAiModel.builder().baseUrl(server.baseUrl()).model("m").timeout(deadline).sleeper(sleeper).build();
        return model;
    }

    /**
     * One quick call first, so that class loading on a cold JVM cannot eat the short deadline
     * before the slow request is even sent.
     */
    private OpenAiModel warmModel(Duration deadline, Reply slowReply) {
        OpenAiModel m = model(Duration.ofSeconds(30));
        server.enqueue(Reply.completion("warm-up"));
        m.complete(PROMPT);
        m.close();
        server.enqueue(slowReply);
        return model(deadline);
    }

    @Test
    void serverSilentPastTheDeadlineEndsTheCallAndClosesTheConnection() throws Exception {
        OpenAiModel m = warmModel(Duration.ofMillis(400), Reply.slow(Duration.ofMillis(1500)));

        long start = System.nanoTime();
        var e = catchThrowableOfType(DeadlineExceededException.class, () -> m.complete(PROMPT));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.deadline()).isEqualTo(Duration.ofMillis(400));
        assertThat(e.retryable()).isTrue();
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e).hasMessageContaining("model 'm' at " + server.baseUrl())
                .hasMessageContaining("no answer within the 400 ms deadline");
        assertThat(took).isLessThan(Duration.ofMillis(400).plus(MARGIN));
        assertThat(server.awaitAbandoned(Duration.ofSeconds(10)))
                .as("the server saw the connection closed when it finally answered").isTrue();
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void bodyTricklingPastTheDeadlineEndsTheCallAndClosesTheConnection() throws Exception {
        OpenAiModel m = warmModel(Duration.ofMillis(400), Reply.trickle());

        long start = System.nanoTime();
        var e = catchThrowableOfType(DeadlineExceededException.class, () -> m.complete(PROMPT));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.attempts()).isEqualTo(1);
        assertThat(took).isLessThan(Duration.ofMillis(400).plus(MARGIN));
        assertThat(server.awaitAbandoned(Duration.ofSeconds(10)))
                .as("the server's writes failed because the client closed the connection").isTrue();
    }

    @Test
    void perAttemptTimeoutRetriesWithinTheTotalDeadline() throws Exception {
        server.enqueue(Reply.completion("late").after(Duration.ofMillis(2500)), Reply.completion("fast"));
        model = OpenAiModel.builder().baseUrl(server.baseUrl()).model("m")
                .timeout(Duration.ofSeconds(20)).requestTimeout(Duration.ofMillis(800)).sleeper(sleeper).build();

        var completion = model.complete(PROMPT);

        assertThat(completion.text()).isEqualTo("fast");
        assertThat(server.requests()).hasSize(2);
        assertThat(sleeper.waits()).hasSize(1);
    }

    @Test
    void deadlineReportsTheLastFailureWhenRetriesRanOutOfTime() {
        server.respondWith(r -> Reply.completion("late").after(Duration.ofMillis(1500)));
        model = OpenAiModel.builder().baseUrl(server.baseUrl()).model("m").maxRetries(50)
                .timeout(Duration.ofMillis(900)).requestTimeout(Duration.ofMillis(200))
                .sleeper(d -> Thread.sleep(1)).build();

        var e = catchThrowableOfType(DeadlineExceededException.class, () -> model.complete(PROMPT));

        assertThat(e.attempts()).isGreaterThan(1);
        assertThat(e).hasMessageContaining("last failure: no response within the attempt's request timeout");
        assertThat(e.getCause()).isInstanceOf(ConnectionException.class);
    }

    @Test
    void retryThatWouldStartAfterTheDeadlineFailsAtOnceWithoutWaiting() {
        server.enqueue(Reply.error(429, "slow down", "rate_limit_error", null).header("retry-after", "30"));
        model = OpenAiModel.builder().baseUrl(server.baseUrl()).model("m").timeout(Duration.ofSeconds(5))
                .maxRetryDelay(Duration.ofSeconds(60)).sleeper(sleeper).build();

        var e = catchThrowableOfType(DeadlineExceededException.class, () -> model.complete(PROMPT));

        assertThat(sleeper.waits()).isEmpty();
        assertThat(server.requests()).hasSize(1);
        assertThat(e).hasMessageContaining("the next retry, due in 30 s, would start after it")
                .hasMessageContaining("HTTP 429");
        assertThat(e.getCause()).isInstanceOfSatisfying(RateLimitException.class,
                r -> assertThat(r.retryAfter()).contains(Duration.ofSeconds(30)));
    }

    @Test
    void interruptingTheCallerCancelsTheCallAndKeepsTheInterruptFlag() throws Exception {
        OpenAiModel m = warmModel(Duration.ofSeconds(30), Reply.slow(Duration.ofMillis(1500)));
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                return;
            }
            caller.interrupt();
        });
        interrupter.start();

        var e = catchThrowableOfType(OpenAiException.class, () -> m.complete(PROMPT));

        assertThat(Thread.interrupted()).isTrue();
        assertThat(e).hasMessageContaining("interrupted");
        assertThat(e.retryable()).isFalse();
        interrupter.join();
        assertThat(server.awaitAbandoned(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void closingTheModelCancelsACallInFlight() throws Exception {
        OpenAiModel m = warmModel(Duration.ofSeconds(30), Reply.slow(Duration.ofMillis(1500)));
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                return;
            }
            m.close();
        });
        closer.start();

        var e = catchThrowableOfType(OpenAiException.class, () -> m.complete(PROMPT));

        closer.join();
        assertThat(e).hasMessageEndingWith(": the model was closed during the call");
        assertThat(e.retryable()).isFalse();
        assertThat(sleeper.waits()).isEmpty();
        assertThat(server.awaitAbandoned(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void closingTheModelRejectsFurtherCalls() {
        OpenAiModel m = model(Duration.ofSeconds(5));
        m.close();
        m.close();

        var e = catchThrowableOfType(IllegalStateException.class, () -> m.complete(PROMPT));
        assertThat(e).hasMessage("model 'm' at " + server.baseUrl() + " is closed");
    }
}
