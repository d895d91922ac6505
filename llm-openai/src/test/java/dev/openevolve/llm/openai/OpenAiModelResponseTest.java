package dev.openevolve.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openevolve.llm.openai.FakeOpenAiServer.Reply;
import dev.openevolve.spi.FinishReason;
import dev.openevolve.spi.Prompt;
import dev.openevolve.spi.TokenUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiModelResponseTest {
    private static final Prompt PROMPT = new Prompt("s", "u", "", 1);

    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final OpenAiModel model = OpenAiModel.builder().baseUrl(server.baseUrl()).model("configured-model")
            .inputCostPerMillion(2.5).outputCostPerMillion(10).sleeper(sleeper).build();

    @AfterEach
    void stop() {
        model.close();
        server.close();
    }

    @Test
    void returnsTextFinishReasonModelUsageAndCost() {
        server.enqueue(Reply.completion("<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE", "stop", 1000, 200));

        var completion = model.complete(PROMPT);

        assertThat(completion.text()).isEqualTo("<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE");
        assertThat(completion.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(completion.truncated()).isFalse();
        assertThat(completion.model()).isEqualTo("fake-model");
        assertThat(completion.usage()).isEqualTo(new TokenUsage(1000, 200));
        assertThat(completion.costUsd()).isCloseTo(1000 * 2.5e-6 + 200 * 10e-6, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(model.name()).isEqualTo("configured-model");
    }

    @Test
    void lengthFinishIsReportedAsTruncated() {
        server.enqueue(Reply.completion("half an ans", "length", 10, 4096));

        var completion = model.complete(PROMPT);

        assertThat(completion.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(completion.truncated()).isTrue();
        assertThat(completion.text()).isEqualTo("half an ans");
    }

    @Test
    void ignoresUnknownFieldsAtEveryLevel() {
        server.enqueue(Reply.json(200, """
                {"id":"x","object":"chat.completion","created":1,"model":"gpt-4o-2024","system_fingerprint":"fp",
                 "service_tier":"default","brand_new_field":{"nested":[1,2,3]},
                 "choices":[{"index":0,"logprobs":null,"finish_reason":"stop","future":true,
                   "message":{"role":"assistant","content":"hello","refusal":null,"annotations":[],"audio":null}}],
                 "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4,
                   "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}
                """));

        var completion = model.complete(PROMPT);

        assertThat(completion.text()).isEqualTo("hello");
        assertThat(completion.model()).isEqualTo("gpt-4o-2024");
        assertThat(completion.usage()).isEqualTo(new TokenUsage(3, 1));
    }

    @Test
    void readsContentGivenAsAnArrayOfParts() {
        server.enqueue(Reply.json(200, """
                {"choices":[{"finish_reason":"stop","message":{"role":"assistant",
                  "content":[{"type":"text","text":"one "},{"type":"text","text":"two"}]}}]}
                """));

        assertThat(model.complete(PROMPT).text()).isEqualTo("one two");
    }

    @Test
    void toleratesMissingUsageModelAndContent() {
        server.enqueue(Reply.json(200, """
                {"choices":[{"finish_reason":"content_filter","message":{"role":"assistant","content":null}}]}
                """));

        var completion = model.complete(PROMPT);

        assertThat(completion.text()).isEmpty();
        assertThat(completion.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(completion.model()).isEqualTo("configured-model");
        assertThat(completion.usage()).isEqualTo(TokenUsage.NONE);
        assertThat(completion.costUsd()).isZero();
    }

    @Test
    void unknownOrMissingFinishReasonIsOther() {
        server.enqueue(Reply.json(200, "{\"choices\":[{\"message\":{\"content\":\"a\"}}]}"),
                Reply.completion("b", "something_new", 1, 1));

        assertThat(model.complete(PROMPT).finishReason()).isEqualTo(FinishReason.OTHER);
        assertThat(model.complete(PROMPT).finishReason()).isEqualTo(FinishReason.OTHER);
    }

    @Test
    void aMalformed200IsRetriedLikeA5xxAndTheNextAnswerIsUsed() {
        server.enqueue(Reply.text(200, "<html><body>Gateway says hi</body></html>"),
                Reply.json(200, "{\"id\":\"x\",\"choices\":[{\"message\":{\"content\":\"hel"),
                Reply.json(200, ""), Reply.completion("third time lucky"));

        assertThat(model.complete(PROMPT).text()).isEqualTo("third time lucky");
        assertThat(server.requests()).hasSize(4);
        assertThat(sleeper.waits()).hasSize(3);
    }

    @Test
    void malformedJsonFailsOnceTheRetriesAreUsedUp() {
        for (int i = 0; i < 10; i++) {
            server.enqueue(Reply.text(200, "<html><body>Gateway says hi</body></html>"));
        }

        var e = catchThrowableOfType(MalformedResponseException.class, () -> model.complete(PROMPT));

        assertThat(e).hasMessageStartingWith("model 'configured-model' at " + server.baseUrl() + ": ")
                .hasMessageContaining("not valid JSON at line 1, column 1: Unexpected character");
        assertThat(e.status()).isEqualTo(200);
        assertThat(server.requests()).hasSizeGreaterThan(1);
        assertThat(sleeper.waits()).hasSize(server.requests().size() - 1);
    }

    @Test
    void truncatedJsonFailsNamingTheProblemOnceTheRetriesAreUsedUp() {
        for (int i = 0; i < 10; i++) {
            server.enqueue(Reply.json(200, "{\"id\":\"x\",\"choices\":[{\"message\":{\"content\":\"hel"));
        }

        var e = catchThrowableOfType(MalformedResponseException.class, () -> model.complete(PROMPT));

        assertThat(e).hasMessageContaining("not valid JSON").hasMessageContaining("end-of-input");
    }

    @Test
    void bodyCutOffByTheConnectionIsRetried() {
        server.enqueue(Reply.cutOff("{\"id\":\"x\",\"choices\":[{\"mess"), Reply.completion("second time lucky"));

        var completion = model.complete(PROMPT);

        assertThat(completion.text()).isEqualTo("second time lucky");
        assertThat(server.requests()).hasSize(2);
        assertThat(sleeper.waits()).hasSize(1);
    }

    @Test
    void emptyBodyFails() {
        for (int i = 0; i < 10; i++) {
            server.enqueue(Reply.json(200, ""));
        }

        var e = catchThrowableOfType(MalformedResponseException.class, () -> model.complete(PROMPT));
        assertThat(e).hasMessageContaining(": the response body was empty (gave up after 4 attempts)");
    }

    @Test
    void answerWithoutChoicesFails() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(Reply.json(200, "{\"id\":\"x\",\"choices\":[]}"));
        }
        assertThat(catchThrowableOfType(MalformedResponseException.class, () -> model.complete(PROMPT)))
                .hasMessageContaining(": the response has no choices (gave up after");
        for (int i = 0; i < 4; i++) {
            server.enqueue(Reply.json(200, "[1,2]"));
        }
        assertThat(catchThrowableOfType(MalformedResponseException.class, () -> model.complete(PROMPT)))
                .hasMessageContaining(": the response body is a JSON array, not an object");
    }

    @Test
    void errorObjectInsideA200IsAnApiErrorWithItsNumericCode() {
        server.enqueue(Reply.json(200, """
                {"object":"error","message":"This model's maximum context length is 4096 tokens","type":"BadRequestError","param":null,"code":400}
                """));

        var e = catchThrowableOfType(ApiErrorException.class, () -> model.complete(PROMPT));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.retryable()).isFalse();
        assertThat(e.errorType()).contains("BadRequestError");
        assertThat(e.errorCode()).contains("400");
        assertThat(e).hasMessageContaining("HTTP 400 (BadRequestError, code 400): This model's maximum context length is 4096 tokens");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void retryableErrorInsideA200IsRetried() {
        server.enqueue(Reply.json(200, "{\"error\":{\"message\":\"overloaded\",\"code\":503}}"), Reply.completion("ok"));

        assertThat(model.complete(PROMPT).text()).isEqualTo("ok");
        assertThat(server.requests()).hasSize(2);
    }
}
