/**
 * The OpenAI-compatible chat-completions model plugin.
 *
 * <p>Exports only {@code dev.openevolve.llm.openai}, whose public types are {@code OpenAiModel} and its
 * builder, {@code OpenAiProvider}, {@code MaxTokensParam} and the exceptions. The package is opened to
 * Jackson alone, which writes the package-private request records. The provider is declared here for the
 * module path and in {@code META-INF/services} for the class path.
 */
module dev.openevolve.llm.openai {
    requires transitive dev.openevolve.spi;

    requires org.slf4j;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;
    requires feign.core;
    requires feign.jackson;
    requires feign.java11;

    exports dev.openevolve.llm.openai;

    opens dev.openevolve.llm.openai to com.fasterxml.jackson.databind;

    provides dev.openevolve.spi.LanguageModelProvider with dev.openevolve.llm.openai.OpenAiProvider;
}
