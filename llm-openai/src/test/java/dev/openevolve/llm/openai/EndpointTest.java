package dev.openevolve.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void acceptsHttpAndHttpsRootsAndDropsTrailingSlashes() {
        assertThat(Endpoint.parse("http://localhost:8000/v1/").url()).isEqualTo("http://localhost:8000/v1");
        assertThat(Endpoint.parse(" https://api.openai.com/v1 ").url()).isEqualTo("https://api.openai.com/v1");
        assertThat(Endpoint.parse("http://127.0.0.1:11434/v1").isOpenAi()).isFalse();
        assertThat(Endpoint.parse("https://API.openai.com/v1").isOpenAi()).isTrue();
    }

    @Test
    void rejectsOtherSchemesAndRelativeUrls() {
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("localhost:8000/v1"))
                .withMessage("'api_base' must be an absolute http:// or https:// URL with a host but was 'localhost:8000/v1'");
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("/v1"))
                .withMessageStartingWith("'api_base' must be an absolute http:// or https:// URL");
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("http://bad host/v1"))
                .withMessageStartingWith("'api_base' must be a URL but was 'http://bad host/v1'");
    }

    @Test
    void rejectsUserInfoWithoutEchoingIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("https://user:sk-secret@example.com/v1"))
                .withMessage("'api_base' must not carry user info (put the key in 'api_key')");
    }

    @Test
    void rejectsQueriesFragmentsAndTheEndpointItself() {
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("https://x.example/v1?api-version=1"))
                .withMessageContaining("must not have a query or fragment");
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("http://localhost:8000/v1/chat/completions/"))
                .withMessageContaining("not the chat/completions endpoint");
    }
}
