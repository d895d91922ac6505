/**
 * The {@code openai} model backend: any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM,
 * Ollama, llama.cpp server, LM Studio) through Feign on the JDK's {@code java.net.http} client.
 *
 * <p>Public API: {@link dev.openevolve.llm.openai.OpenAiProvider} (found by {@link java.util.ServiceLoader}
 * under {@code openai}), {@link dev.openevolve.llm.openai.OpenAiModel} with its builder for hosts that
 * configure models in code, {@link dev.openevolve.llm.openai.MaxTokensParam}, and the exceptions rooted at
 * {@link dev.openevolve.llm.openai.OpenAiException}. Everything else is package-private.
 */
package dev.openevolve.llm.openai;
