package dev.openevolve.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import feign.Headers;
import feign.Request;
import feign.RequestLine;

/** The one endpoint this module calls, as a Feign contract. The per-call options carry the attempt's timeout. */
interface ChatCompletionsApi {

    @RequestLine("POST /chat/completions")
    @Headers({"Content-Type: application/json", "Accept: application/json"})
    JsonNode create(ChatRequest request, Request.Options options);
}
