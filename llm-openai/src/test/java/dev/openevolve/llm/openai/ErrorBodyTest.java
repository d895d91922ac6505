package dev.openevolve.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorBodyTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final Redactor redactor = new Redactor("sk-secret-1234");

    private ErrorBody read(String body) {
        return ErrorBody.fromBytes(body.getBytes(StandardCharsets.UTF_8), mapper, redactor);
    }

    @Test
    void readsOpenAiErrors() {
        var e = read("{\"error\":{\"message\":\"Invalid 'temperature'\",\"type\":\"invalid_request_error\",\"param\":\"temperature\",\"code\":null}}");
        assertThat(e).isEqualTo(new ErrorBody("Invalid 'temperature'", "invalid_request_error", null));
    }

    @Test
    void readsVllmNumericCodes() {
        var e = read("{\"object\":\"error\",\"message\":\"bad\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}");
        assertThat(e).isEqualTo(new ErrorBody("bad", "BadRequestError", "400"));
    }

    @Test
    void readsStringErrorsDetailAndUnknownJsonShapes() {
        assertThat(read("{\"error\":\"model not found\"}").message()).isEqualTo("model not found");
        assertThat(read("{\"detail\":[{\"loc\":[\"body\"],\"msg\":\"field required\"}]}").message())
                .isEqualTo("[{\"loc\":[\"body\"],\"msg\":\"field required\"}]");
        assertThat(read("{\"status\":\"down\"}").message()).isEqualTo("{\"status\":\"down\"}");
    }

    @Test
    void showsNonJsonBodiesAsOneShortRedactedLine() {
        var e = read("<html>\n  <body>bad key sk-secret-1234</body>\n</html>" + "x".repeat(1000));
        assertThat(e.message()).startsWith("<html> <body>bad key ****</body> </html>xxx").hasSize(ErrorBody.MAX_MESSAGE_CHARS + 1);
        assertThat(e.type()).isNull();
    }

    @Test
    void namesAnEmptyBody() {
        assertThat(read("").message()).isEqualTo("the response had no body");
        assertThat(read("   ").message()).isEqualTo("the error body gave no message");
    }

    @Test
    void tellsErrorAnswersFromCompletions() throws Exception {
        assertThat(ErrorBody.isError(mapper.readTree("{\"error\":{\"message\":\"x\"}}"))).isTrue();
        assertThat(ErrorBody.isError(mapper.readTree("{\"object\":\"error\",\"message\":\"x\"}"))).isTrue();
        assertThat(ErrorBody.isError(mapper.readTree("{\"error\":null,\"choices\":[]}"))).isFalse();
        assertThat(ErrorBody.isError(mapper.readTree("{\"error\":{},\"choices\":[]}"))).isFalse();
        assertThat(ErrorBody.isError(mapper.readTree("{\"object\":\"chat.completion\"}"))).isFalse();
    }

    @Test
    void recognisesAnExhaustedQuota() {
        assertThat(ErrorBody.quotaExhausted("insufficient_quota", null)).isTrue();
        assertThat(ErrorBody.quotaExhausted(null, "INSUFFICIENT_QUOTA")).isTrue();
        assertThat(ErrorBody.quotaExhausted("requests", "rate_limit_exceeded")).isFalse();
    }
}
